package dev.juliapod.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * fabric8's CRUD mock with watches that resume where the client left off, as the API server's do.
 *
 * <p>A watch that names a {@code resourceVersion} gets the changes after it, not the objects that
 * exist (Kubernetes API concepts, "Efficient detection of changes"). fabric8's informers rely on
 * that: the Reflector closes its watch every 5 to 10 minutes and opens the next one from the last
 * version it saw (fabric8 v7.5.2, {@code informers/impl/cache/Reflector.startWatcher}, {@code
 * timeoutFuture}). The CRUD mock ignores the version and sends every object it holds as {@code
 * ADDED} on each new watch ({@code KubernetesCrudDispatcher.handleWatch}). After a warm-up of
 * thousands of JuliaPods that is a burst of tens of thousands of events per restart, which no real
 * cluster sends, and it falls on whichever operator has more informers. Here an {@code ADDED} event
 * for an object no newer than the watch's version is not sent. A watch without a version, or from
 * "0", still starts with every object, as the API server's does.
 *
 * <p>What this does not do: deletions that happened while no watch was open are not sent (the API
 * server sends them from its watch cache). The plain mock does not send them either, and no bench
 * deletes while measuring.
 */
final class ResumingCrudDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public MockResponse handleWatch(String path) {
    MockResponse response = super.handleWatch(path);
    long since = resourceVersion(path);
    if (since <= 0) {
      return response;
    }
    return response.withWebSocketUpgrade(new Since(response.getWebSocketListener(), since));
  }

  /** The watch's {@code resourceVersion} parameter, or 0 when it has none. */
  static long resourceVersion(String path) {
    String query = URI.create(path).getRawQuery();
    if (query == null) {
      return 0;
    }
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("resourceVersion=")) {
        String value = parameter.substring("resourceVersion=".length());
        return value.isEmpty() ? 0 : Long.parseLong(value);
      }
    }
    return 0;
  }

  /** Whether a watch event is an ADDED of an object at or before {@code since}. */
  static boolean replayed(String event, long since) {
    if (!event.contains("\"ADDED\"")) {
      return false;
    }
    try {
      JsonNode parsed = JSON.readTree(event);
      if (!"ADDED".equals(parsed.path("type").asText())) {
        return false;
      }
      String version = parsed.path("object").path("metadata").path("resourceVersion").asText("");
      return !version.isEmpty() && Long.parseLong(version) <= since;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mock's own listener, given a socket that leaves out what the client already has. */
  private static final class Since extends WebSocketListener {
    private final WebSocketListener delegate;
    private final long since;

    Since(WebSocketListener delegate, long since) {
      this.delegate = delegate;
      this.since = since;
    }

    private WebSocket filtered(WebSocket socket) {
      return new WebSocket() {
        @Override
        public RecordedRequest request() {
          return socket.request();
        }

        @Override
        public boolean send(String text) {
          return replayed(text, since) || socket.send(text);
        }

        @Override
        public boolean send(byte[] bytes) {
          return socket.send(bytes);
        }

        @Override
        public boolean close(int code, String reason) {
          return socket.close(code, reason);
        }
      };
    }

    @Override
    public void onBeforeAccept(WebSocket socket, Response response) {
      delegate.onBeforeAccept(filtered(socket), response);
    }

    @Override
    public void onOpen(WebSocket socket, Response response) {
      delegate.onOpen(filtered(socket), response);
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
      delegate.onMessage(filtered(socket), text);
    }

    @Override
    public void onMessage(WebSocket socket, byte[] bytes) {
      delegate.onMessage(filtered(socket), bytes);
    }

    @Override
    public void onClosing(WebSocket socket, int code, String reason) {
      delegate.onClosing(filtered(socket), code, reason);
    }

    @Override
    public void onClosed(WebSocket socket, int code, String reason) {
      delegate.onClosed(filtered(socket), code, reason);
    }

    @Override
    public void onFailure(WebSocket socket, Throwable error, Response response) {
      delegate.onFailure(filtered(socket), error, response);
    }
  }
}
