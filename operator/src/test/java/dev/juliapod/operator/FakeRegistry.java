package dev.juliapod.operator;

import dev.juliapod.registry.Credentials;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * An image registry on mockwebserver3 that knows tags and digests of one repository, can ask for a
 * bearer token (issued for the push Secret's credentials), and can fail on demand. The simulated
 * cluster pushes to it when a build Job succeeds ({@link #pushOnSuccess}).
 */
public final class FakeRegistry implements AutoCloseable {
  public static final String NAME = "team/juliapod";
  final MockWebServer server = new MockWebServer();
  final Map<String, String> tags = new ConcurrentHashMap<>();
  final Set<String> digests = ConcurrentHashMap.newKeySet();

  /** "name:tag" to digest, for repositories other than {@link #NAME}; anonymous access. */
  final Map<String, String> others = new ConcurrentHashMap<>();

  final java.util.List<String> requests = new CopyOnWriteArrayList<>();

  /** When set, manifests need a bearer token, and the token these credentials. */
  volatile Credentials required;

  /** When not 0, every manifest request gets this status. */
  volatile int failWith;

  /** When true, manifest requests are answered only after 30 s. */
  volatile boolean hang;

  public FakeRegistry() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer(request);
          }
        });
    server.start();
  }

  /** A started registry, for field initialisers. */
  public static FakeRegistry start() {
    try {
      return new FakeRegistry();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public String host() {
    return server.getHostName() + ":" + server.getPort();
  }

  public String repository() {
    return host() + "/" + NAME;
  }

  public void push(String tag, String digest) {
    tags.put(tag, digest);
    digests.add(digest);
  }

  /** The digest a repository pushed with {@code pushImage(name, "*", null)} has for a tag. */
  public static String digestOf(String nameAndTag) {
    return "sha256:" + dev.juliapod.julia.Sha256.hex("image " + nameAndTag);
  }

  /**
   * Another repository of this registry, e.g. base images: {@code library/julia}; tag "*" answers
   * every tag with {@link #digestOf}.
   */
  public void pushImage(String name, String tag, String digest) {
    others.put(name + ":" + tag, digest == null ? "*" : digest);
  }

  /** What a successful Kaniko build leaves in the registry: its tag, at its digest. */
  void pushOnSuccess(SimulatedCluster cluster) {
    var build = cluster.builds;
    cluster.builds =
        job -> {
          SimulatedCluster.Outcome outcome = build.apply(job);
          if (outcome != null && outcome.digest() != null) {
            push(tagOf(job), outcome.digest());
          }
          return outcome;
        };
  }

  public static String tagOf(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().stream()
        .filter(a -> a.startsWith("--destination="))
        .findFirst()
        .orElseThrow()
        .replaceFirst(".*:", "");
  }

  private MockResponse answer(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String auth = request.getHeaders().get("Authorization");
    requests.add(request.getMethod() + " " + path + (auth == null ? "" : " (authorized)"));
    if (path.equals("/token")) {
      boolean ok = required == null || required.equals(basic(auth));
      return ok
          ? new MockResponse.Builder()
              .code(200)
              .body("{\"token\":\"t-" + request.getUrl().queryParameter("scope") + "\"}")
              .build()
          : new MockResponse.Builder().code(401).build();
    }
    String prefix = "/v2/" + NAME + "/manifests/";
    if (failWith != 0 && path.startsWith("/v2/")) {
      return new MockResponse.Builder().code(failWith).build();
    }
    if (!path.startsWith(prefix)) {
      int manifests = path.indexOf("/manifests/");
      String other = null;
      if (manifests >= 0) {
        String name = path.substring(4, manifests);
        String reference = path.substring(manifests + "/manifests/".length());
        other = others.get(name + ":" + reference);
        if (other == null && others.containsKey(name + ":*")) {
          other = digestOf(name + ":" + reference);
        }
      }
      return other == null
          ? new MockResponse.Builder().code(404).build()
          : new MockResponse.Builder()
              .code(200)
              .addHeader("Docker-Content-Digest", other)
              .addHeader("Content-Type", "application/vnd.oci.image.index.v1+json")
              .build();
    }
    if (failWith != 0) {
      return new MockResponse.Builder().code(failWith).build();
    }
    if (hang) {
      return new MockResponse.Builder().code(404).headersDelay(30, TimeUnit.SECONDS).build();
    }
    if (required != null && !("Bearer t-repository:" + NAME + ":pull").equals(auth)) {
      return new MockResponse.Builder()
          .code(401)
          .addHeader(
              "WWW-Authenticate",
              "Bearer realm=\""
                  + server.url("/token")
                  + "\",service=\"fake\",scope=\"repository:"
                  + NAME
                  + ":pull\"")
          .build();
    }
    String reference = path.substring(prefix.length());
    String digest =
        reference.startsWith("sha256:")
            ? (digests.contains(reference) ? reference : null)
            : tags.get(reference);
    if (digest == null || !digests.contains(digest)) {
      return new MockResponse.Builder().code(404).build();
    }
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Docker-Content-Digest", digest)
        .addHeader("Content-Type", "application/vnd.oci.image.index.v1+json")
        .build();
  }

  private static Credentials basic(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return null;
    }
    String decoded = new String(java.util.Base64.getDecoder().decode(header.substring(6)));
    int colon = decoded.indexOf(':');
    return colon < 0
        ? null
        : new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  @Override
  public void close() {
    server.close();
  }
}
