package dev.juliapod.operator;

import com.sun.net.httpserver.HttpServer;
import dev.juliapod.session.SessionActivity;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The activity sidecar of each session pod that declares one (SessionActivity), as
 * activity-server.jl answers: `GET /activity` on the pod's IP and named port with {"lastActivity":
 * RFC 3339, "busy": bool}, 404 elsewhere. Each pod gets its own loopback address, 127.0.x.y (Linux
 * routes all of 127.0.0.0/8 to the loopback device), so the operator asks pods as it would on a
 * cluster: by pod IP and the port the pod spec names. A pod's REPL starts with its activity at the
 * moment the kubelet runs it, as activity.jl records at load.
 */
public final class SimulatedActivity implements AutoCloseable {
  private static final AtomicInteger ADDRESSES = new AtomicInteger();

  private record Answer(Instant lastActivity, boolean busy) {}

  private final Map<String, HttpServer> servers = new ConcurrentHashMap<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

  /** The kubelet gave the pod an IP and runs its containers: the listener starts, if it has one. */
  void started(Pod pod) {
    int n = ADDRESSES.incrementAndGet();
    String ip = "127.0." + (n / 250 % 250) + "." + (n % 250 + 2);
    pod.getStatus().setPodIP(ip);
    String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    HttpServer old = servers.remove(key);
    if (old != null) {
      old.stop(0);
    }
    answers.put(key, new Answer(Instant.now(), false));
    asked.put(key, new AtomicInteger());
    boolean listens =
        pod.getSpec().getContainers().stream()
            .flatMap(
                c -> c.getPorts() == null ? java.util.stream.Stream.empty() : c.getPorts().stream())
            .anyMatch(p -> SessionActivity.PORT_NAME.equals(p.getName()));
    if (listens) {
      servers.put(key, listen(key, ip));
    }
  }

  private HttpServer listen(String key, String ip) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(ip, SessionActivity.PORT), 16);
      server.createContext(
          "/",
          exchange -> {
            asked.get(key).incrementAndGet();
            Answer answer = answers.get(key);
            boolean ours =
                "GET".equals(exchange.getRequestMethod())
                    && SessionActivity.PATH.equals(exchange.getRequestURI().getPath());
            byte[] body =
                (ours
                        ? "{\"lastActivity\":\""
                            + answer.lastActivity()
                            + "\",\"busy\":"
                            + answer.busy()
                            + "}"
                        : "{\"error\":\"not found\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(ours ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + ip + ":" + SessionActivity.PORT, e);
    }
  }

  /** What the session's REPL has done: its last input or result, and whether it evaluates now. */
  public void report(String ns, String pod, Instant lastActivity, boolean busy) {
    answers.put(key(ns, pod), new Answer(lastActivity, busy));
  }

  /** The listener stops answering (it crashed, or a NetworkPolicy drops the operator's asks). */
  public void silence(String ns, String pod) {
    HttpServer server = servers.remove(key(ns, pod));
    if (server != null) {
      server.stop(0);
    }
  }

  /** How often the pod now running under that name was asked. */
  public int asked(String ns, String pod) {
    AtomicInteger count = asked.get(key(ns, pod));
    return count == null ? 0 : count.get();
  }

  private static String key(String ns, String pod) {
    return ns + "/" + pod;
  }

  @Override
  public void close() {
    servers.values().forEach(s -> s.stop(0));
    servers.clear();
  }
}
