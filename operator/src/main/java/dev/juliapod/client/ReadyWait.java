package dev.juliapod.client;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Phase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Follows a JuliaPod until the operator has seen its latest spec and it is Ready, Failed or
 * Suspended, reporting each phase and, while it builds, the new lines of the build's log.
 */
public final class ReadyWait {
  /** How it ended; {@code pod} is the last state seen. */
  public record Outcome(JuliaPod pod, boolean timedOut) {
    public String phase() {
      return pod.getStatus() == null ? Phase.PENDING.text() : pod.getStatus().phase;
    }
  }

  private final KubernetesClient client;
  private final Progress progress;
  private final Duration tick;
  private int logLinesShown;
  private String logPod;

  /** The sysimage whose build was last seen running, for the log's last lines after it. */
  private String building;

  public ReadyWait(KubernetesClient client, Progress progress, Duration tick) {
    this.client = client;
    this.progress = progress;
    this.tick = tick;
  }

  public Outcome await(String namespace, String name, long generation, Duration timeout)
      throws InterruptedException {
    Resource<JuliaPod> resource =
        client.resources(JuliaPod.class).inNamespace(namespace).withName(name);
    BlockingQueue<JuliaPod> updates = new LinkedBlockingQueue<>();
    Instant deadline = Instant.now().plus(timeout);
    try (Watch watch =
        resource.watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, JuliaPod pod) {
                updates.add(pod);
              }

              @Override
              public void onClose(WatcherException cause) {
                // The polling below carries on without it.
              }
            })) {
      JuliaPod current = resource.get();
      while (true) {
        if (current != null && settled(current, generation)) {
          show(current, generation);
          progress.closeLine();
          return new Outcome(current, false);
        }
        if (current != null) {
          show(current, generation);
        }
        if (Instant.now().isAfter(deadline)) {
          progress.closeLine();
          return new Outcome(current, true);
        }
        JuliaPod next = updates.poll(tick.toMillis(), TimeUnit.MILLISECONDS);
        current = next != null ? next : resource.get();
      }
    }
  }

  static boolean settled(JuliaPod pod, long generation) {
    var status = pod.getStatus();
    return status != null
        && status.observedGeneration != null
        && status.observedGeneration >= generation
        && Stream.of(Phase.READY, Phase.FAILED, Phase.SUSPENDED).anyMatch(p -> p.is(status.phase));
  }

  private void show(JuliaPod pod, long generation) {
    var status = pod.getStatus();
    if (status == null
        || status.observedGeneration == null
        || status.observedGeneration < generation) {
      progress.state(Phase.PENDING.text(), "waiting for the operator to pick up the change");
      return;
    }
    if (Phase.BUILDING.is(status.phase) && status.sysimage != null) {
      building = status.sysimage;
      tailBuildLog(LatestBuildPod.namespaceOf(pod), building);
    } else if (building != null) {
      tailBuildLog(LatestBuildPod.namespaceOf(pod), building); // the lines since the last look
      building = null;
    }
    progress.state(status.phase, status.message);
  }

  /** New lines of the build pod's log since the last look; nothing if there is none yet. */
  private boolean toldForbidden;

  private void tailBuildLog(String namespace, String sysimage) {
    try {
      Pod build = LatestBuildPod.of(client, namespace, sysimage).orElse(null);
      if (build == null) {
        return;
      }
      if (!build.getMetadata().getName().equals(logPod)) {
        logPod = build.getMetadata().getName();
        logLinesShown = 0;
      }
      String log = client.pods().inNamespace(namespace).withName(logPod).getLog();
      if (log == null || log.isEmpty()) {
        return;
      }
      String[] lines = log.split("\n");
      for (int i = logLinesShown; i < lines.length; i++) {
        progress.log(lines[i]);
      }
      logLinesShown = Math.max(logLinesShown, lines.length);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 && !toldForbidden) {
        // Central builds: the build namespace may be the platform team's alone.
        toldForbidden = true;
        progress.log(
            "(the build runs in namespace " + namespace + ", whose pod logs you may not read)");
      }
      // Otherwise the container has not started, or its log is gone: try again on the next tick.
    }
  }
}
