package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.julia.Sha256;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.ProjectFiles;
import dev.juliapod.session.SessionHealth;
import dev.juliapod.session.SessionObjects;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The session objects of a JuliaPod once its image exists. A pod whose desired spec changed
 * (new image, resources, env) is deleted and created again on the next event: pods cannot be
 * edited in place, and an attached terminal sees the REPL end. Reads come from the JuliaPod
 * controller's informers, so a pass over a session that is already right makes no request.
 */
final class SessionManager {
  static final String TEMPLATE_HASH = "juliapod.dev/pod-template-hash";
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  /** Threads for concurrent writes; when all are busy the reconciler's thread does it. */
  private static final ExecutorService WRITERS = new ThreadPoolExecutor(0, 32, 60,
      TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
        Thread thread = new Thread(runnable, "juliapod-session-writes");
        thread.setDaemon(true);
        return thread;
      }, new ThreadPoolExecutor.CallerRunsPolicy());

  /** Whether there is a pod to look at. */
  enum PodPresence { PRESENT, SUSPENDED, REPLACING }

  /** The session after this pass; {@code health} is what its pod is doing when PRESENT. */
  record Observed(PodPresence presence, SessionHealth health) {}

  private final KubernetesClient client;
  private final Cached<PersistentVolumeClaim> claims;
  private final Cached<ConfigMap> configMaps;
  private final Cached<Pod> pods;

  SessionManager(KubernetesClient client, Cached<PersistentVolumeClaim> claims,
      Cached<ConfigMap> configMaps, Cached<Pod> pods) {
    this.client = client;
    this.claims = claims;
    this.configMaps = configMaps;
    this.pods = pods;
  }

  Observed ensure(JuliaPod owner, Plan plan, ProjectFiles files, String image) {
    String ns = plan.namespace();
    List<Runnable> writes = new ArrayList<>();
    if (claims.get(ns, plan.workspaceClaim()).isEmpty()) {
      writes.add(() -> claims.created(Owners.createIfAbsent(client,
          Owners.ownedBy(SessionObjects.workspace(plan), owner))));
    }
    ConfigMap desiredFiles = Owners.ownedBy(SessionObjects.files(plan, files), owner);
    String filesName = desiredFiles.getMetadata().getName();
    ConfigMap currentFiles = configMaps.get(ns, filesName).orElse(null);
    if (currentFiles == null) {
      writes.add(() -> configMaps.created(Owners.createIfAbsent(client, desiredFiles)));
    } else if (!Objects.equals(currentFiles.getData(), desiredFiles.getData())) {
      writes.add(() -> configMaps.updated(client.configMaps().inNamespace(ns)
          .withName(filesName).edit(c -> {
            c.setData(desiredFiles.getData());
            return c;
          }), currentFiles));
    }

    // The claim and the ConfigMap do not depend on each other: one round trip, not two. The
    // pod comes after both, so the scheduler and kubelet never see it before what it mounts.
    together(writes);
    Pod current = pods.get(ns, plan.podName()).orElse(null);
    if (Boolean.TRUE.equals(plan.session().suspend)) {
      if (current != null) {
        client.resource(current).delete();
      }
      return new Observed(PodPresence.SUSPENDED, null);
    }
    Pod desired = Owners.ownedBy(SessionPod.of(plan, image), owner);
    String hash = hash(desired);
    desired.getMetadata().setAnnotations(Map.of(TEMPLATE_HASH, hash));
    if (current == null) {
      pods.created(Owners.createIfAbsent(client, desired));
      return new Observed(PodPresence.PRESENT,
          SessionHealth.starting("starting session pod " + plan.podName()));
    }
    String currentHash = current.getMetadata().getAnnotations() == null ? null
        : current.getMetadata().getAnnotations().get(TEMPLATE_HASH);
    if (!hash.equals(currentHash)) {
      if (current.getMetadata().getDeletionTimestamp() == null) {
        client.resource(current).delete();
      }
      return new Observed(PodPresence.REPLACING, null);
    }
    return new Observed(PodPresence.PRESENT, SessionHealth.of(current));
  }

  /** Runs independent writes at the same time; the first failure is rethrown. */
  private static void together(List<Runnable> writes) {
    if (writes.size() == 1) {
      writes.get(0).run();
      return;
    }
    List<Future<?>> running = writes.stream().<Future<?>>map(WRITERS::submit).toList();
    for (Future<?> write : running) {
      try {
        write.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r
            : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing session objects", e);
      }
    }
  }

  private static String hash(Pod pod) {
    return Sha256.hex(YAML.asYaml(pod.getSpec())).substring(0, 16);
  }
}
