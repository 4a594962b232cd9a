package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.plan.OperatorDefaults;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The real operator (java-operator-sdk, both controllers) against fabric8's CRUD mock API server,
 * with {@link SimulatedCluster} playing the Job controller and the kubelet; each test gets its own
 * namespace and its own mock server. Subclasses carry {@code @EnableKubernetesMockClient(crud =
 * true)}.
 */
@org.junit.jupiter.api.extension.ExtendWith(FailureDiagnosis.class)
abstract class OperatorTestBase implements FailureDiagnosis.Diagnosed {
  static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
  static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static {
    // An operator stopped at the end of one test can still be finishing a reconcile, and
    // java-operator-sdk's cancelled timer then throws on that thread ("Task already scheduled
    // or cancelled", TimerEventSource.scheduleOnce). Awaitility would fail whatever the next
    // test is awaiting with it; what a test checks is asserted, not thrown on other threads.
    org.awaitility.Awaitility.doNotCatchUncaughtExceptionsByDefault();
    // A JuliaPod's status can be empty for a moment after it is created (docs/design.md,
    // "Status"): a condition that reads it before then is tried again, not failed.
    org.awaitility.Awaitility.ignoreExceptionsByDefault();
  }

  // Instance fields: the mock server's extension makes a server per test for these. With one
  // server per class, the watches of the operator a test stopped could still be closing when the
  // next test's operator created objects: fabric8's CRUD mock (7.5.2) tells its watches of an
  // object in turn and gives up on the rest at the first whose executor is already shut down
  // (KubernetesCrudDispatcher.processEvent, WatchEventsListener.onClosed), so the new operator's
  // informers could miss the object for good.
  protected KubernetesClient client;
  protected io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server;
  Operator operator;
  OperatorMetrics metrics;
  SimulatedCluster cluster;
  String ns;
  private OperatorLog log;

  @BeforeEach
  void start() throws Exception {
    log = OperatorLog.capture();
    Crds.install(client, ROOT);
    ns = "team-" + NAMESPACES.incrementAndGet();
    metrics = new OperatorMetrics();
    operator =
        JuliaPodOperator.create(
            client, defaults(), Set.of(), timings(), metrics, registry(), TestBases::inTests);
    operator.start();
    cluster = new SimulatedCluster(client);
  }

  @AfterEach
  void stop() {
    try {
      assertSpecsUntouched();
    } finally {
      operator.stop();
      cluster.close();
      log.close();
    }
  }

  @Override
  public String diagnosis() {
    return "--- the cluster ---\n"
        + ClusterState.of(client, ns)
        + "--- the operator's log (the last 400 lines about it) ---\n"
        + tail(log.about(ns), 400);
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /**
   * Every pass shares the cached JuliaPod's spec ({@link SharedSpecCloner}): a pass that wrote to
   * it would change the cache behind java-operator-sdk's back. Each cached JuliaPod at the server's
   * resourceVersion must have the server's spec, whatever the test did.
   */
  @SuppressWarnings("unchecked")
  private void assertSpecsUntouched() {
    var controller =
        (Controller<JuliaPod>) operator.getRegisteredController("juliapod").orElseThrow();
    var cache = controller.getEventSourceManager().getControllerEventSource();
    cache
        .keys()
        .toList()
        .forEach(
            id ->
                cache
                    .get(id)
                    .ifPresent(
                        cached -> {
                          JuliaPod served =
                              client
                                  .resources(JuliaPod.class)
                                  .inNamespace(id.getNamespace().orElseThrow())
                                  .withName(id.getName())
                                  .get();
                          if (served != null
                              && served
                                  .getMetadata()
                                  .getResourceVersion()
                                  .equals(cached.getMetadata().getResourceVersion())) {
                            assertThat(YAML.asJson(cached.getSpec()))
                                .as("the cached spec of %s", id)
                                .isEqualTo(YAML.asJson(served.getSpec()));
                          }
                        }));
  }

  /** The operator's defaults in these tests: base images from {@link TestBases}. */
  static Timings timings() {
    return TestBases.timings();
  }

  static OperatorDefaults defaults() {
    return TestBases.defaults("registry.test/juliapod");
  }

  /**
   * How the operator asks registries: base images resolve from {@link TestBases}; these tests'
   * image repositories have no registry behind them (the lookup fails at once and the build goes
   * ahead); RegistryOperatorTest gives it one.
   */
  dev.juliapod.registry.RegistryClient registry() {
    return TestBases.client();
  }

  /** The JuliaSysimage the operator plans for {@code pod}. */
  static String sysimageName(JuliaPod pod) throws Exception {
    return TestBases.plan(pod, defaults()).sysimage().name();
  }

  JuliaPod hello(String name) throws Exception {
    JuliaPod pod =
        YAML.unmarshal(
            Files.readString(ROOT.resolve("examples/hello/juliapod.yaml")), JuliaPod.class);
    pod.getMetadata().setName(name);
    pod.getMetadata().setNamespace(ns);
    return pod;
  }

  /** What the operator logged in this test, at every level it logs. */
  String operatorLog() {
    return log.all();
  }

  JuliaPod get(String name) {
    return client.resources(JuliaPod.class).inNamespace(ns).withName(name).get();
  }

  JuliaPod awaitPhase(String name, String phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaPod pod = get(name);
              assertThat(pod.getStatus()).isNotNull();
              assertThat(pod.getStatus().phase).as(pod.getStatus().message).isEqualTo(phase);
            });
    return get(name);
  }

  /** A patch to a JuliaPod in this test's namespace, as kubectl edit makes it. */
  void edit(String name, java.util.function.Consumer<JuliaPod> change) {
    Edits.edit(client.resources(JuliaPod.class).inNamespace(ns).withName(name), change);
  }

  /** The JuliaSysimage of that name in this test's namespace, or null. */
  JuliaSysimage sysimage(String name) {
    return client.resources(JuliaSysimage.class).inNamespace(ns).withName(name).get();
  }

  List<Job> jobs() {
    return client.batch().v1().jobs().inNamespace(ns).list().getItems();
  }

  /** Waits for an event of {@code reason} whose message contains {@code text}. */
  void awaitEvent(String reason, String text) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .filteredOn(e -> reason.equals(e.getReason()))
                    .extracting(io.fabric8.kubernetes.api.model.Event::getMessage)
                    .anyMatch(m -> m.contains(text)));
  }

  static io.fabric8.kubernetes.api.model.Condition condition(JuliaPod pod, String type) {
    return pod.getStatus().conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }
}
