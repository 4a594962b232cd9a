package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.session.ActivityEndpoint;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks each running session with idle culling on for its activity, once per interval, each at its
 * own offset in the interval so that a thousand sessions are not asked in the same second; wakes
 * the JuliaPod when an answer changes what its status says or calls for a cull ({@link IdleStep}).
 * An event source, so it runs only where the controller runs (the leader).
 */
final class ActivityWatch extends SimpleInboundEventSource<JuliaPod> {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityWatch.class);

  /** The listener answers from a file in memory; an answer slower than this is no answer. */
  static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  /** Far more than the listener's answer; a body this large is not its answer. */
  private static final int MAX_BODY = 4096;

  private final Duration interval;
  private final Clock clock;
  private final Map<ResourceID, Watched> watched = new ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          // The listener speaks HTTP/1.1 only; without this the JDK's client sends every plain
          // http request with an h2c upgrade offer (HttpClient.Version.HTTP_2 by default).
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(ASK_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
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
        request(podUid, uri)
            .completeOnTimeout(
                unknown(
                    podUid,
                    "no answer from " + uri + " within " + ASK_TIMEOUT.toSeconds() * 2 + "s"),
                ASK_TIMEOUT.toMillis() * 2,
                TimeUnit.MILLISECONDS)
            .join();
    Watched w = watched.get(owner);
    if (w != null && w.podUid.equals(podUid) && w.uri.equals(uri)) {
      w.last = answer;
    }
    return answer;
  }

  private void ask(ResourceID owner, Watched w) {
    request(w.podUid, w.uri)
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

  private CompletableFuture<IdleStep.Answer> request(String podUid, URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(ASK_TIMEOUT).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenApply(response -> answer(podUid, uri, response))
        .exceptionally(e -> failed(podUid, uri, e));
  }

  private IdleStep.Answer answer(String podUid, URI uri, HttpResponse<InputStream> response) {
    InputStream in = response.body();
    // The client's timeout ends with the headers (JDK-8258397): a body that never ends would
    // hold this thread, and a reconcile waiting in askNow, for good. Whoever controls the REPL
    // controls what answers on the pod's port.
    ScheduledExecutorService timers = scheduler;
    ScheduledFuture<?> guard =
        timers == null
            ? null
            : timers.schedule(
                () -> closeQuietly(in), ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    try (in) {
      String body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
      if (response.statusCode() != 200) {
        return unknown(
            podUid, uri + " answered HTTP " + response.statusCode() + ": " + body.strip());
      }
      return new IdleStep.Answer(
          podUid, clock.instant(), ActivityEndpoint.parse(body), null, date(response));
    } catch (IOException | IllegalArgumentException e) {
      return unknown(podUid, uri + ": " + e.getMessage());
    } finally {
      if (guard != null) {
        guard.cancel(false);
      }
    }
  }

  /** The Date header (RFC 9110, IMF-fixdate), or null without a readable one. */
  private static java.time.Instant date(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Date")
        .map(
            text -> {
              try {
                return java.time.ZonedDateTime.parse(
                        text, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
              } catch (java.time.format.DateTimeParseException e) {
                return null;
              }
            })
        .orElse(null);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // closing only to end a read
    }
  }

  private IdleStep.Answer failed(String podUid, URI uri, Throwable e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String why =
        cause instanceof java.net.http.HttpTimeoutException
            ? "no answer within " + ASK_TIMEOUT.toSeconds() + "s"
            : Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName());
    LOG.debug("activity of pod {} at {}: {}", podUid, uri, why);
    return unknown(podUid, "could not ask " + uri + ": " + why);
  }

  private IdleStep.Answer unknown(String podUid, String why) {
    return new IdleStep.Answer(podUid, clock.instant(), null, why);
  }
}
