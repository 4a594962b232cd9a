package dev.juliapod.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.net.URI;

/**
 * fabric8's CRUD mock, indexed ({@link IndexedCrudDispatcher}), with watches that resume where the
 * client left off, as the API server's do.
 *
 * <p>A watch that names a {@code resourceVersion} gets the changes after it, "not started with
 * synthetic Added events"; without one, or from "0", it starts with an ADDED for every object
 * (Kubernetes API concepts, "Resource versions", the watch table; kubernetes/website
 * content/en/docs/reference/using-api/api-concepts.md). fabric8's informers rely on that: the
 * Reflector closes its watch every 5 to 10 minutes ({@code informers/impl/cache/Reflector}, {@code
 * timeoutFuture}) and the watch manager opens the next one from the last version it received
 * ({@code dsl/internal/AbstractWatchManager}, fabric8 v7.5.2). The CRUD mock ignores the version
 * and sends every object it holds as ADDED on each new watch ({@code
 * KubernetesCrudDispatcher.handleWatch}). An ADDED of an unchanged object notifies no handler
 * ({@code ProcessorStore.update}), but after a warm-up of thousands of JuliaPods each restart had
 * the mock serialize, and the operator read, tens of thousands of objects at once, which no real
 * cluster sends; it fell on whichever operator had more informers. Here an ADDED event of an object
 * no newer than the watch's version is not sent.
 *
 * <p>Left as the plain mock has them: changes made while no watch was open come as ADDED with the
 * latest state (the API server sends each MODIFIED, and DELETED, from its watch cache); no
 * bookmarks and no 410 Gone. The mock replays in the order of its map, which is the order of the
 * last writes, so a resumed watch that had received a later object before it closed could miss an
 * earlier one rewritten without a new version; the benches do not close watches themselves. A
 * version that is not a number (the API server makes no promise that it is), or a watch that asks
 * for initial events ({@code sendInitialEvents}), is served as the plain mock serves it, and an
 * event this class cannot read is sent.
 */
final class ResumingCrudDispatcher extends IndexedCrudDispatcher {
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

  /**
   * The watch's {@code resourceVersion} parameter, or 0 (every object, as the plain mock) when it
   * has none, it is not a number, or the watch asks for initial events.
   */
  static long resourceVersion(String path) {
    String query = URI.create(path).getRawQuery();
    if (query == null || query.contains("sendInitialEvents=true")) {
      return 0;
    }
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("resourceVersion=")) {
        try {
          return Long.parseLong(parameter.substring("resourceVersion=".length()));
        } catch (NumberFormatException notANumber) {
          return 0;
        }
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
    } catch (IOException | NumberFormatException unreadable) {
      return false; // sent: better an event too many than one lost
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
