package dev.juliapod.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.operator.JuliaPodOperator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC rules are exactly what the operator uses: the operator runs a scenario that
 * touches every code path with an API call (build, failure and retry, new plan, pod replacement,
 * removal of an unused sysimage), the mock server records each request, and the requests, as
 * (apiGroup, resource, verb), must equal what the rendered ClusterRole grants, with what admission
 * asks beyond the request itself; leader election is on, and its Lease requests must equal what the
 * chart's leader Role grants.
 */
@EnableKubernetesMockClient(crud = true)
class RbacTest {
  static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
  static final String AGENT = "juliapod-operator-under-test";
  static final String LEASE_NAMESPACE = "juliapod-system";
  private static final Pattern PATH =
      Pattern.compile(
          "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?"
              + "(\\?.*)?$");

  static KubernetesClient client;
  static KubernetesMockServer server;

  @Test
  void theChartGrantsExactlyWhatTheOperatorUses() throws Exception {
    dev.juliapod.operator.Crds.install(client, ROOT);
    var chart = Chart.render(Map.of("leaderElection.enabled", "true"));
    List<PolicyRule> leaseRules =
        Chart.ofKind(chart, Role.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("-leader"))
            .findFirst()
            .orElseThrow()
            .getRules();
    // java-operator-sdk asks, before it elects, whether the account may get, create and
    // update Leases (LeaderElectionManager.checkLeaseAccess, a SelfSubjectRulesReview);
    // answered here with what the chart's leader Role grants.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withResourceRules(
                    leaseRules.stream()
                        .map(
                            r ->
                                new ResourceRuleBuilder()
                                    .withApiGroups(r.getApiGroups())
                                    .withResources(r.getResources())
                                    .withVerbs(r.getVerbs())
                                    .build())
                        .toList())
                .withIncomplete(false)
                .endStatus()
                .build())
        .always();
    KubernetesClient operatorClient =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(AGENT).build())
            .build();
    Operator operator =
        JuliaPodOperator.create(
            operatorClient,
            dev.juliapod.operator.TestBases.defaults(null),
            Set.of(),
            dev.juliapod.operator.TestBases.timings().withSecretRecheck(Duration.ofMinutes(5)),
            new dev.juliapod.operator.OperatorMetrics(),
            dev.juliapod.operator.TestBases.client(),
            // As the chart runs it with replicas > 1: the Lease is renewed every second here.
            o ->
                dev.juliapod.operator.TestBases.inTests(
                    o.withLeaderElectionConfiguration(
                        new LeaderElectionConfiguration(
                            "juliapod-operator",
                            LEASE_NAMESPACE,
                            Duration.ofSeconds(15),
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(1),
                            null,
                            null,
                            false))));
    operator.start();
    Set<String> used = new TreeSet<>();
    try (var cluster = new dev.juliapod.operator.SimulatedCluster(client)) {
      cluster.failWhenMemoryLimitIs("16Gi");
      JuliaPod hello =
          new KubernetesSerialization()
              .unmarshal(
                  Files.readString(ROOT.resolve("examples/hello/juliapod.yaml")), JuliaPod.class);
      hello.getMetadata().setNamespace("rbac");
      hello.getSpec().build.pushSecret = "registry-push";
      client
          .resource(
              new io.fabric8.kubernetes.api.model.SecretBuilder()
                  .withNewMetadata()
                  .withName("registry-push")
                  .withNamespace("rbac")
                  .endMetadata()
                  .withType("kubernetes.io/dockerconfigjson")
                  .withData(Map.of(".dockerconfigjson", "e30="))
                  .build())
          .create();
      // The first workspace claim fails (a reconcile error, written into the status as the
      // reconciler writes it, and retried).
      server
          .expect()
          .post()
          .withPath("/api/v1/namespaces/rbac/persistentvolumeclaims")
          .andReturn(
              404,
              new io.fabric8.kubernetes.api.model.StatusBuilder()
                  .withCode(404)
                  .withMessage("namespaces \"rbac\" not found")
                  .build())
          .once();
      // First the namespace refuses the build pod (the operator reads the Job's events),
      // then admits it, and the build runs out of memory.
      cluster.refusePods("rbac", "violates PodSecurity \"restricted:latest\"");
      client.resource(hello).create();
      awaitMessage("BuildPodRejected");
      cluster.admitPods("rbac");
      awaitMessage("OOMKilled");
      edit(
          p ->
              p.getSpec().build.resources =
                  new ResourceRequirementsBuilder()
                      .withLimits(Map.of("memory", new Quantity("32Gi")))
                      .build());
      awaitPhase("Ready");
      String before = get().getStatus().sysimage;
      edit(
          p ->
              p.getSpec().project.inline.manifestToml =
                  p.getSpec()
                      .project
                      .inline
                      .manifestToml
                      .replace("version = \"0.5.3\"", "version = \"0.5.5\""));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  !get().getStatus().sysimage.equals(hello.getMetadata().getName())
                      && "Ready".equals(get().getStatus().phase)
                      && get()
                          .getStatus()
                          .image
                          .equals(
                              client
                                  .pods()
                                  .inNamespace("rbac")
                                  .withName("hello-repl")
                                  .get()
                                  .getSpec()
                                  .getContainers()
                                  .get(0)
                                  .getImage()));
      // The old plan's sysimage goes once unused for the retention (2 s here).
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client
                          .resources(dev.juliapod.api.JuliaSysimage.class)
                          .inNamespace("rbac")
                          .withName(before)
                          .get()
                      == null);
      assertThat(client.v1().events().inNamespace("rbac").list().getItems())
          .as("the error path ran")
          .anyMatch(e -> "ReconcileError".equals(e.getReason()));
      used.addAll(ownerReferenceAdmission("rbac"));
    } finally {
      operator.stop();
    }

    Set<String> usedForLease = new TreeSet<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (AGENT.equals(request.getHeaders().get("User-Agent"))) {
        String permission = permission(request);
        // Leader election's own requests: the Lease, and the SelfSubjectRulesReview any
        // account may create (Kubernetes' default ClusterRole system:basic-user).
        (permission.startsWith("coordination.k8s.io/leases ")
                    || permission.startsWith("authorization.k8s.io/")
                ? usedForLease
                : used)
            .add(permission);
      }
    }
    Set<String> granted = grants(Chart.ofKind(chart, ClusterRole.class).get(0).getRules());
    // fabric8's LeaseLock renews with PATCH (ResourceLock.update), java-operator-sdk's check
    // asks for update as well.
    assertThat(usedForLease)
        .as("the leader renewed its Lease")
        .contains("coordination.k8s.io/leases patch");
    assertThat(grants(leaseRules))
        .as("the Lease Role grants what leader election uses")
        .containsExactlyInAnyOrderElementsOf(
            union(
                usedForLease.stream()
                    .filter(p -> p.startsWith("coordination.k8s.io/"))
                    .collect(Collectors.toSet()),
                Set.of(
                    "coordination.k8s.io/leases get",
                    "coordination.k8s.io/leases create",
                    "coordination.k8s.io/leases update")));
    // Granted for paths this scenario cannot reach: an object created concurrently by another
    // reconcile or replica while the informer cache lagged (create answers 409, then the
    // operator reads it), and a status write that raced an edit of its JuliaPod (the write
    // answers 409, then the operator reads the latest version and writes again).
    Set<String> unreached =
        Set.of(
            "batch/jobs get",
            "/pods get",
            "/persistentvolumeclaims get",
            "juliapod.dev/juliapods get");
    assertThat(used).as("requests the chart does not allow").isSubsetOf(granted);
    assertThat(granted)
        .as("rules the operator never used (least privilege)")
        .containsExactlyInAnyOrderElementsOf(union(used, unreached));
  }

  private static Set<String> grants(List<PolicyRule> rules) {
    Set<String> granted = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(group + "/" + resource + " " + verb);
          }
        }
      }
    }
    return granted;
  }

  /**
   * What the OwnerReferencesPermissionEnforcement admission plugin (on in OpenShift and hardened
   * clusters) asks of a create or update that sets blockOwnerDeletion: `update` on the owner's
   * `finalizers` subresource (kubernetes plugin/pkg/admission/gc/gc_admission.go: "cannot set
   * blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on"), and
   * before that `delete` on the object itself ("cannot set an ownerRef on a resource you can't
   * delete", the same file's Admit). The mock server does not keep request bodies, so this reads
   * the objects the operator made (those owned by a JuliaPod or a JuliaSysimage; the Job controller
   * owns build pods) as they stand.
   */
  static Set<String> ownerReferenceAdmission(String namespace) {
    List<HasMetadata> made = new ArrayList<>();
    made.addAll(client.resources(JuliaSysimage.class).inNamespace(namespace).list().getItems());
    made.addAll(client.configMaps().inNamespace(namespace).list().getItems());
    made.addAll(client.batch().v1().jobs().inNamespace(namespace).list().getItems());
    made.addAll(client.pods().inNamespace(namespace).list().getItems());
    made.addAll(client.persistentVolumeClaims().inNamespace(namespace).list().getItems());
    Set<String> needed = new TreeSet<>();
    for (HasMetadata object : made) {
      List<OwnerReference> refs =
          Objects.requireNonNullElse(
              object.getMetadata().getOwnerReferences(), List.<OwnerReference>of());
      if (refs.stream().anyMatch(r -> r.getApiVersion().startsWith("juliapod.dev/"))) {
        // First: "cannot set an ownerRef on a resource you can't delete".
        String group =
            object.getApiVersion().contains("/")
                ? object.getApiVersion().substring(0, object.getApiVersion().indexOf('/'))
                : "";
        needed.add(group + "/" + plural(object.getKind()) + " delete");
      }
      for (OwnerReference ref : refs) {
        if (Boolean.TRUE.equals(ref.getBlockOwnerDeletion())
            && ref.getApiVersion().startsWith("juliapod.dev/")) {
          needed.add("juliapod.dev/" + plural(ref.getKind()) + "/finalizers update");
        }
      }
    }
    assertThat(made).as("objects the scenario made").isNotEmpty();
    return needed;
  }

  private static String plural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    return lower.endsWith("s") ? lower + "es" : lower + "s";
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

  private void awaitMessage(String text) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get() != null
                    && get().getStatus() != null
                    && get().getStatus().message != null
                    && get().getStatus().message.contains(text));
  }

  private void awaitPhase(String phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get() != null
                    && get().getStatus() != null
                    && phase.equals(get().getStatus().phase));
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
    String verb =
        switch (request.getMethod()) {
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
