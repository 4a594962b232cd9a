package dev.juliapod.operator;

import dev.juliapod.session.ActivityEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One question to a session's activity listener over HTTP, and its answer as {@link IdleStep} reads
 * it: a report, or why there is none. What answers on the pod's port is the REPL user's to decide,
 * so an answer is read to {@value #MAX_BODY} bytes at most and abandoned after {@link
 * #ASK_TIMEOUT}, body included.
 */
final class ActivityClient {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityClient.class);

  /** The listener answers from a file in memory; an answer slower than this is no answer. */
  static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  /** Far more than the listener's answer; a body this large is not its answer. */
  static final int MAX_BODY = 4096;

  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          // The listener speaks HTTP/1.1 only; without this the JDK's client sends every plain
          // http request with an h2c upgrade offer (HttpClient.Version.HTTP_2 by default).
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(ASK_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  ActivityClient(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param timers closes a body that has not ended by {@link #ASK_TIMEOUT}; null only when stopping
   */
  CompletableFuture<IdleStep.Answer> ask(String podUid, URI uri, ScheduledExecutorService timers) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(ASK_TIMEOUT).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenApply(response -> answer(podUid, uri, response, timers))
        .exceptionally(e -> failed(podUid, uri, e));
  }

  private IdleStep.Answer answer(
      String podUid, URI uri, HttpResponse<InputStream> response, ScheduledExecutorService timers) {
    InputStream in = response.body();
    // The client's timeout ends with the headers (JDK-8258397): a body that never ends would
    // hold this thread, and a reconcile waiting in askNow, for good. Whoever controls the REPL
    // controls what answers on the pod's port.
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

  IdleStep.Answer unknown(String podUid, String why) {
    return new IdleStep.Answer(podUid, clock.instant(), null, why);
  }
}
