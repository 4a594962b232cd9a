package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What answers on a session's activity port is the REPL user's to decide: the operator never waits
 * on it longer than its ask timeout, body included, and reads no more than a small answer.
 */
class ActivityWatchTest {
  @Test
  void anAnswerThatNeverEndsIsNoAnswer() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // Headers, a start of a body, and nothing more.
      answerOnce(
          server,
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
              + "Content-Length: 100000\r\n\r\n{\"last",
          done);
      try {
        long start = System.nanoTime();
        IdleStep.Answer answer = askOnce(server);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(answer.report()).isNull();
        assertThat(answer.problem()).contains("127.0.0.1:" + server.getLocalPort());
        assertThat(took).isLessThan(ActivityClient.ASK_TIMEOUT.plusSeconds(2));
      } finally {
        done.countDown();
      }
    }
  }

  @Test
  void anAnswerCarriesTheListenersClock() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String body = "{\"lastActivity\":\"2026-12-01T11:00:00.250Z\",\"busy\":false}";
      answerOnce(
          server,
          "HTTP/1.1 200 OK\r\nDate: Tue, 01 Dec 2026 12:00:00 GMT\r\n"
              + "Content-Type: application/json\r\nContent-Length: "
              + body.length()
              + "\r\nConnection: close\r\n\r\n"
              + body,
          null);
      IdleStep.Answer answer = askOnce(server);
      assertThat(answer.problem()).isNull();
      assertThat(answer.report().lastActivity())
          .isEqualTo(java.time.Instant.parse("2026-12-01T11:00:00.250Z"));
      assertThat(answer.listenerTime()).isEqualTo(java.time.Instant.parse("2026-12-01T12:00:00Z"));
    }
  }

  /**
   * A listener that writes {@code response} to the first connection, then holds it open until
   * {@code hold} (null: closes it).
   */
  private static void answerOnce(ServerSocket server, String response, CountDownLatch hold) {
    Thread answering =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                s.getInputStream().read(new byte[4096]);
                OutputStream out = s.getOutputStream();
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (hold != null) {
                  hold.await(30, TimeUnit.SECONDS);
                }
              } catch (Exception e) {
                // the test's assertions say what went wrong
              }
            });
    answering.setDaemon(true);
    answering.start();
  }

  private static IdleStep.Answer askOnce(ServerSocket server) {
    ActivityWatch watch = new ActivityWatch(Duration.ofMinutes(1), Clock.systemUTC());
    watch.start();
    try {
      return watch.askNow(
          new ResourceID("hello", "team"),
          "uid-1",
          URI.create("http://127.0.0.1:" + server.getLocalPort() + "/activity"));
    } finally {
      watch.stop();
    }
  }

  /**
   * "At most once per interval, spread out": 40 sessions asked over three intervals, each at its
   * own offset (its pod uid's), so the asks do not all land in one moment.
   */
  @Test
  void eachSessionIsAskedOncePerIntervalAtItsOwnMoment() throws Exception {
    var asks = new java.util.concurrent.ConcurrentHashMap<String, java.util.List<Long>>();
    var server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext(
        "/",
        exchange -> {
          asks.computeIfAbsent(
                  exchange.getRequestURI().getQuery(),
                  k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
              .add(System.nanoTime());
          byte[] body =
              "{\"lastActivity\":\"2026-12-01T11:00:00Z\",\"busy\":true}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    Duration interval = Duration.ofMillis(1000);
    ActivityWatch watch = new ActivityWatch(interval, Clock.systemUTC());
    watch.start();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < 40; i++) {
        watch.watch(
            new ResourceID("s" + i, "team"),
            java.util.UUID.randomUUID().toString(),
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/activity?pod=" + i),
            Duration.ofHours(1));
      }
      Thread.sleep(interval.multipliedBy(3).toMillis());
    } finally {
      watch.stop();
      server.stop(0);
    }
    assertThat(asks).hasSize(40);
    assertThat(asks.values()).allSatisfy(times -> assertThat(times).hasSizeBetween(2, 4));
    long[] firsts =
        asks.values().stream().mapToLong(t -> (t.get(0) - start) / 1_000_000).sorted().toArray();
    assertThat(firsts[firsts.length - 1] - firsts[0])
        .as("first asks spread over the interval, ms")
        .isGreaterThan(interval.toMillis() / 2);
    int mostInATenth = 0;
    for (long first : firsts) {
      long within =
          java.util.Arrays.stream(firsts).filter(f -> f >= first && f < first + 100).count();
      mostInATenth = Math.max(mostInATenth, (int) within);
    }
    assertThat(mostInATenth).as("first asks within any 100 ms").isLessThan(20);
  }

  @Test
  void aRefusedConnectionSaysSo() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    ActivityWatch watch = new ActivityWatch(Duration.ofMinutes(1), Clock.systemUTC());
    watch.start();
    try {
      IdleStep.Answer answer =
          watch.askNow(
              new ResourceID("hello", "team"),
              "uid-1",
              URI.create("http://127.0.0.1:" + port + "/activity"));
      assertThat(answer.report()).isNull();
      assertThat(answer.problem()).startsWith("could not ask http://127.0.0.1:" + port);
    } finally {
      watch.stop();
    }
  }
}
