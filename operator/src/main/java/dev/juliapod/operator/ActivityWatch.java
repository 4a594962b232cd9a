package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks each running session with idle culling on for its activity, once per interval, each at its
 * own offset in the interval so that a thousand sessions are not asked in the same second; wakes
 * the JuliaPod when an answer changes what its status says or calls for a cull ({@link IdleStep}).
 * An event source of the JuliaPod controller: it starts with the controller on every replica, and
 * sessions are added to it from reconciles, so only the leader asks.
 */
final class ActivityWatch extends SimpleInboundEventSource<JuliaPod> {
  private final Duration interval;
  private final Clock clock;
  private final Map<ResourceID, Watched> watched = new ConcurrentHashMap<>();
  private final ActivityClient client;
  private volatile ScheduledExecutorService scheduler;

  private static final class Watched {
    final String podUid;
    final URI uri;
    final java.time.Instant since;
    volatile Duration timeout;
    volatile IdleStep.Answer last;
    ScheduledFuture<?> task;

    Watched(String podUid, URI uri, Duration timeout, java.time.Instant since) {
      this.podUid = podUid;
      this.uri = uri;
      this.since = since;
      this.timeout = timeout;
    }
  }

  ActivityWatch(Duration interval, Clock clock) {
    super("session-activity");
    this.interval = interval;
    this.clock = clock;
    this.client = new ActivityClient(clock);
  }

  @Override
  public synchronized void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "juliapod-activity");
              thread.setDaemon(true);
              return thread;
            });
    super.start();
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
    watched.clear();
    super.stop();
  }

  /** Asks {@code uri} for the pod {@code podUid} from now on; the same pod again only updates. */
  synchronized void watch(ResourceID owner, String podUid, URI uri, Duration timeout) {
    Watched now = watched.get(owner);
    if (now != null && now.podUid.equals(podUid) && now.uri.equals(uri)) {
      now.timeout = timeout;
      return;
    }
    forget(owner);
    if (scheduler == null) {
      return; // not started: not the leader, or stopping
    }
    Watched added = new Watched(podUid, uri, timeout, clock.instant());
    long period = interval.toMillis();
    // Spread over the interval by the pod's uid, fixed for the pod's life.
    long offset = Math.floorMod(podUid.hashCode(), period);
    added.task =
        scheduler.scheduleAtFixedRate(
            () -> ask(owner, added), offset, period, TimeUnit.MILLISECONDS);
    watched.put(owner, added);
  }

  synchronized void forget(ResourceID owner) {
    Watched gone = watched.remove(owner);
    if (gone != null && gone.task != null) {
      gone.task.cancel(false);
    }
  }

  /** The last answer for this pod, or null when it has not been asked yet. */
  IdleStep.Answer last(ResourceID owner, String podUid) {
    Watched w = watched.get(owner);
    return w == null || !w.podUid.equals(podUid) ? null : w.last;
  }

  /**
   * Asks at once and waits: the last word before a cull, so input since the poll saves it. The
   * answer replaces the poll's, so the passes that follow judge by it.
   */
  IdleStep.Answer askNow(ResourceID owner, String podUid, URI uri) {
    IdleStep.Answer answer =
        client
            .ask(podUid, uri, scheduler)
            .completeOnTimeout(
                client.unknown(
                    podUid,
                    "no answer from "
                        + uri
                        + " within "
                        + ActivityClient.ASK_TIMEOUT.toSeconds() * 2
                        + "s"),
                ActivityClient.ASK_TIMEOUT.toMillis() * 2,
                TimeUnit.MILLISECONDS)
            .join();
    Watched w = watched.get(owner);
    if (w != null && w.podUid.equals(podUid) && w.uri.equals(uri)) {
      w.last = answer;
    }
    return answer;
  }

  private void ask(ResourceID owner, Watched w) {
    client
        .ask(w.podUid, w.uri, scheduler)
        .thenAccept(
            answer -> {
              if (watched.get(owner) != w) {
                return; // the pod changed meanwhile
              }
              if (answer.report() == null
                  && w.last == null
                  && answer.askedAt().isBefore(w.since.plus(interval))) {
                return; // the REPL or its listener still starting: not asked yet, no warning
              }
              IdleStep.Verdict before = IdleStep.judge(w.last, w.timeout);
              w.last = answer;
              if (IdleStep.worthAPass(before, IdleStep.judge(answer, w.timeout))) {
                propagateEvent(owner);
              }
            });
  }
}
