package dev.juliapod.e2e;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.operator.Crds;
import dev.juliapod.operator.FakeRegistry;
import dev.juliapod.operator.TestBases;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the scale benchmarks run an operator against: the CRUD mock API server, the registry the
 * simulated builds push to, a client of the bench's own (its requests are not counted), and the
 * cluster side played through watches ({@link WatchedCluster}), recording when JuliaPods became
 * Ready, builds ran and session pods started (System.nanoTime()). One per measured operator in
 * `--compare`: the mock's cost per request grows with the objects it holds (BENCHMARKS.md).
 */
final class BenchCluster implements AutoCloseable {
  /**
   * One log line per request would cost the mock server more than serving it. Held in a field:
   * java.util.logging forgets the level of a logger nobody references.
   */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static final String BENCH_AGENT = "juliapod-scale-bench";

  /** The warm-up's namespace: nothing in it is counted. */
  static final String WARMUP = "bench-warmup";

  /** The operator's requests by verb and resource, and their number. */
  record Requests(int total, Map<String, Integer> byVerb) {
    String describe(int pods) {
      return String.format(
          "operator requests: %d = %.1f per JuliaPod; %s", total, (double) total / pods, byVerb);
    }
  }

  final Map<String, Long> ready = new ConcurrentHashMap<>(); // ns/name → Ready
  final Map<String, long[]> jobs = new ConcurrentHashMap<>(); // ns/jsi → start, end
  // Jobs created, by namespace: a second Job for one sysimage overwrites its entry in jobs.
  final Map<String, Integer> jobsCreated = new ConcurrentHashMap<>();
  final Map<String, long[]> sessions = new ConcurrentHashMap<>(); // ns/pod → start, end
  private final KubernetesMockServer server;
  private final FakeRegistry registry;
  private final KubernetesClient client;
  private final WatchedCluster cluster;

  BenchCluster(Duration build) throws Exception {
    server = mockServer();
    registry = new FakeRegistry();
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(server.createClient().getConfiguration())
                    .withUserAgent(BENCH_AGENT)
                    .build())
            .build();
    Crds.install(client, Examples.ROOT);
    cluster = simulate(build);
    watchReady(client, ready);
  }

  /**
   * fabric8's CRUD mock API server, started, without a log line per request, whose watches resume
   * from the client's resourceVersion as the API server's do ({@link ResumingCrudDispatcher}).
   */
  static KubernetesMockServer mockServer() {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new ResumingCrudDispatcher(),
            false);
    server.init();
    return server;
  }

  KubernetesClient client() {
    return client;
  }

  String url() {
    return server.url("/");
  }

  /** juliapod's settings for this registry and the test base images. */
  Map<String, String> juliapodEnv() {
    return Map.of(
        "JULIAPOD_REPOSITORY",
        registry.repository(),
        "JULIAPOD_JULIA_IMAGE",
        TestBases.pattern(),
        "JULIAPOD_INSECURE_REGISTRIES",
        registry.host() + "," + TestBases.host());
  }

  /** The operator's requests since the last call (watches count once), from the mock's log. */
  Requests requests() throws InterruptedException {
    Map<String, Integer> byVerb = new TreeMap<>();
    RecordedRequest request;
    int total = 0;
    while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      if (BENCH_AGENT.equals(request.getHeaders().get("User-Agent"))) {
        continue;
      }
      String path = request.getPath();
      String resource =
          path.replaceFirst("\\?.*", "")
              .replaceFirst(".*/namespaces/[^/]+/", "")
              .replaceFirst("^/apis?/.*/", "")
              .replaceFirst("/[^/]+(/status)?$", "$1");
      String verb = request.getMethod() + (path.contains("watch=true") ? " (watch)" : "");
      byVerb.merge(verb + " " + resource, 1, Integer::sum);
      total++;
    }
    return new Requests(total, byVerb);
  }

  /** Records when each JuliaPod outside the warm-up namespaces was first seen Ready, by ns/name. */
  static void watchReady(KubernetesClient client, Map<String, Long> ready) {
    client
        .resources(JuliaPod.class)
        .inAnyNamespace()
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, JuliaPod pod) {
                if (pod.getStatus() != null
                    && "Ready".equals(pod.getStatus().phase)
                    && !pod.getMetadata().getNamespace().startsWith(WARMUP)) {
                  ready.putIfAbsent(key(pod), System.nanoTime());
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  /** The Job controller and the kubelet, recording when builds ran and pods started. */
  private WatchedCluster simulate(Duration build) {
    return new WatchedCluster(
        client,
        registry,
        build,
        new WatchedCluster.Listener() {
          @Override
          public void buildStarted(Job job, long at) {
            jobs.put(sysimage(job), new long[] {at, 0});
            jobsCreated.merge(job.getMetadata().getNamespace(), 1, Integer::sum);
          }

          @Override
          public void buildFinished(Job job, long at) {
            jobs.get(sysimage(job))[1] = at;
          }

          @Override
          public void podReady(Pod pod, long appeared, long ready) {
            sessions.put(key(pod), new long[] {appeared, ready});
          }
        });
  }

  private static String sysimage(Job job) {
    return key(
        job.getMetadata().getNamespace(), job.getMetadata().getOwnerReferences().get(0).getName());
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  static String key(HasMetadata o) {
    return key(o.getMetadata().getNamespace(), o.getMetadata().getName());
  }

  @Override
  public void close() throws Exception {
    cluster.close();
    client.close();
    registry.close();
    server.destroy();
  }
}
