package dev.juliapod.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD mock server with the JuliaPod CRD's scale subresource served as the API server
 * serves it. The CRUD mock has none: it would apply a Scale to the JuliaPod itself. From the CRD's
 * specReplicasPath and statusReplicasPath (kubernetes
 * staging/src/k8s.io/apiextensions-apiserver/pkg/registry/customresource/etcd.go, ScaleREST): GET
 * answers a Scale of spec.workers.replicas and status.workers.replicas; PUT (fabric8's scale(),
 * kubectl scale with --current-replicas) and a merge PATCH (kubectl scale otherwise) write
 * spec.workers.replicas into the JuliaPod, which bumps its generation as any spec change does. The
 * structural default of spec.workers.replicas (0) stands for an absent field, as the API server
 * applies it on every read. Everything else is the CRUD mock's.
 */
public final class SimulatedScale extends Dispatcher {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final Pattern SCALE =
      Pattern.compile(
          "^(/apis/juliapod\\.dev/v1alpha1/namespaces/[^/]+/juliapods/[^/?]+)/scale(\\?.*)?$");

  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  private final io.fabric8.mockwebserver.internal.MockDispatcher expected;
  private final Map<ServerRequest, Queue<ServerResponse>> responses;

  private SimulatedScale(Map<ServerRequest, Queue<ServerResponse>> responses) {
    this.responses = responses;
    this.expected = new io.fabric8.mockwebserver.internal.MockDispatcher(responses);
  }

  /** A started mock server (plain HTTP) that serves the scale subresource. */
  public static KubernetesMockServer server() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new SimulatedScale(responses),
            false);
    server.init();
    return server;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Matcher scale = SCALE.matcher(request.getPath());
    if (scale.matches()) {
      return scale(request, scale.group(1));
    }
    Queue<ServerResponse> queue =
        responses.get(
            new io.fabric8.mockwebserver.internal.SimpleRequest(
                HttpMethod.valueOf(request.getMethod()), request.getPath()));
    if (queue != null && !queue.isEmpty()) {
      return expected.dispatch(request);
    }
    return crud.dispatch(request);
  }

  private MockResponse scale(RecordedRequest request, String juliaPod) {
    String method = request.getMethod();
    if ("PUT".equals(method) || "PATCH".equals(method)) {
      JsonNode replicas =
          JSON.unmarshal(request.getBody().readUtf8(), JsonNode.class)
              .path("spec")
              .path("replicas");
      if (replicas.isInt() && replicas.asInt() >= 0) {
        String patch = "{\"spec\":{\"workers\":{\"replicas\":" + replicas.asInt() + "}}}";
        MockResponse patched =
            crud.handlePatch(
                new RecordedRequest(
                    "HTTP/1.1",
                    HttpMethod.PATCH,
                    juliaPod,
                    Headers.builder().add("Content-Type", "application/merge-patch+json").build(),
                    new Buffer().writeUtf8(patch)));
        if (patched.code() / 100 != 2) {
          return patched;
        }
      } else if (!replicas.isMissingNode()) {
        return new MockResponse()
            .setResponseCode(422)
            .setBody(
                "{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":422,\"message\":"
                    + "\"spec.replicas: should be a non-negative integer\"}");
      }
    } else if (!"GET".equals(method)) {
      return new MockResponse().setResponseCode(405);
    }
    MockResponse found = crud.handleGet(juliaPod);
    if (found.code() != 200) {
      return found;
    }
    JsonNode pod = JSON.unmarshal(found.getBody().readUtf8(), JsonNode.class);
    ObjectNode scale =
        JSON.unmarshal("{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\"}", ObjectNode.class);
    ObjectNode meta = scale.putObject("metadata");
    meta.set("name", pod.path("metadata").path("name"));
    meta.set("namespace", pod.path("metadata").path("namespace"));
    meta.set("uid", pod.path("metadata").path("uid"));
    meta.set("resourceVersion", pod.path("metadata").path("resourceVersion"));
    scale
        .putObject("spec")
        .put("replicas", pod.path("spec").path("workers").path("replicas").asInt(0));
    scale
        .putObject("status")
        .put("replicas", pod.path("status").path("workers").path("replicas").asInt(0));
    return new MockResponse().setResponseCode(200).setBody(JSON.asJson(scale));
  }
}
