package dev.juliapod.e2e;

import com.sun.net.httpserver.HttpServer;
import dev.juliapod.session.SessionActivity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The activity listener of every session pod in a benchmark, all of them at 127.0.0.1 (the pod IP
 * the simulated kubelet gives them) on the port the pod spec names: each answers as
 * activity-server.jl does for a REPL just used, so the operator asks and never culls.
 */
final class ActivityListener implements AutoCloseable {
  private final HttpServer server;
  private final AtomicLong asks = new AtomicLong();

  ActivityListener() throws IOException {
    server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), SessionActivity.PORT), 256);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        SessionActivity.PATH,
        exchange -> {
          asks.incrementAndGet();
          byte[] body =
              ("{\"lastActivity\":\"" + Instant.now() + "\",\"busy\":false}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  long asks() {
    return asks.get();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
