package dev.juliapod.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.operator.JuliapodOperator;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC rules are exactly what the operator uses: the operator runs a scenario that
 * touches every code path with an API call (build, failure and retry, new plan, pod
 * replacement, release of an old sysimage), the mock server records each request, and the
 * requests, as (apiGroup, resource, verb), must equal what the rendered ClusterRole grants.
 */
@EnableKubernetesMockClient(crud = true)
class RbacTest {
  static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
  static final String AGENT = "juliapod-operator-under-test";
  private static final Pattern PATH = Pattern.compile(
      "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?"
          + "(\\?.*)?$");

  static KubernetesClient client;
  static KubernetesMockServer server;

  @Test
  void theChartGrantsExactlyWhatTheOperatorUses() throws Exception {
    dev.juliapod.operator.Crds.install(client, ROOT);
    KubernetesClient operatorClient = new KubernetesClientBuilder().withConfig(
        new ConfigBuilder(client.getConfiguration()).withUserAgent(AGENT).build()).build();
    Operator operator = JuliapodOperator.create(operatorClient,
        dev.juliapod.operator.TestBases.defaults(null), Set.of(), Clock.systemUTC(),
        new dev.juliapod.operator.OperatorMetrics(), java.time.Duration.ofMinutes(5),
        dev.juliapod.operator.TestBases.client(), o -> { });
    operator.start();
    try (var cluster = new dev.juliapod.operator.SimulatedCluster(client)) {
      cluster.failWhenMemoryLimitIs("16Gi");
      JuliaPod hello = new KubernetesSerialization().unmarshal(
          Files.readString(ROOT.resolve("examples/hello/juliapod.yaml")), JuliaPod.class);
      hello.getMetadata().setNamespace("rbac");
      hello.getSpec().build.pushSecret = "registry-push";
      client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
          .withName("registry-push").withNamespace("rbac").endMetadata()
          .withType("kubernetes.io/dockerconfigjson")
          .withData(Map.of(".dockerconfigjson", "e30=")).build()).create();
      client.resource(hello).create();
      awaitPhase("Failed");
      edit(p -> p.getSpec().build.resources = new ResourceRequirementsBuilder()
          .withLimits(Map.of("memory", new Quantity("32Gi"))).build());
      awaitPhase("Ready");
      edit(p -> p.getSpec().project.inline.manifestToml = p.getSpec().project.inline
          .manifestToml.replace("version = \"0.5.3\"", "version = \"0.5.5\""));
      await().atMost(Duration.ofSeconds(30)).until(() -> !get().getStatus().sysimage
          .equals(hello.getMetadata().getName()) && "Ready".equals(get().getStatus().phase)
          && get().getStatus().image.equals(client.pods().inNamespace("rbac")
              .withName("hello-repl").get().getSpec().getContainers().get(0).getImage()));
    } finally {
      operator.stop();
    }

    Set<String> used = new TreeSet<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (AGENT.equals(request.getHeaders().get("User-Agent"))) {
        used.add(permission(request));
      }
    }
    Set<String> granted = new TreeSet<>();
    ClusterRole role = Chart.ofKind(Chart.render(Map.of()), ClusterRole.class).get(0);
    for (PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(group + "/" + resource + " " + verb);
          }
        }
      }
    }
    // Granted for paths this scenario cannot reach: an object created concurrently by another
    // reconcile or replica while the informer cache lagged (create answers 409, then the
    // operator reads it), and a status write that raced an edit of its JuliaPod (the write
    // answers 409, then the operator reads the latest version and writes again).
    Set<String> unreached = Set.of("batch/jobs get", "/pods get",
        "/persistentvolumeclaims get", "juliapod.dev/juliapods get");
    assertThat(used).as("requests the chart does not allow").isSubsetOf(granted);
    assertThat(granted).as("rules the operator never used (least privilege)")
        .containsExactlyInAnyOrderElementsOf(union(used, unreached));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private JuliaPod get() {
    return client.resources(JuliaPod.class).inNamespace("rbac").withName("hello").get();
  }

  private void edit(Consumer<JuliaPod> change) {
    dev.juliapod.operator.Edits.edit(
        client.resources(JuliaPod.class).inNamespace("rbac").withName("hello"), change);
  }

  private void awaitPhase(String phase) {
    await().atMost(Duration.ofSeconds(30)).until(() -> get() != null
        && get().getStatus() != null && phase.equals(get().getStatus().phase));
  }

  /** "group/resource[/subresource] verb", as an RBAC rule names it. */
  static String permission(RecordedRequest request) {
    Matcher m = PATH.matcher(request.getPath());
    if (!m.matches()) {
      return "unparsed " + request.getMethod() + " " + request.getPath();
    }
    String group = m.group(1) == null ? "" : m.group(1);
    String resource = m.group(2) + (m.group(4) != null ? "/" + m.group(4) : "");
    boolean named = m.group(3) != null;
    String query = m.group(5) == null ? "" : m.group(5);
    String verb = switch (request.getMethod()) {
      case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> request.getMethod();
    };
    return group + "/" + resource + " " + verb;
  }
}
