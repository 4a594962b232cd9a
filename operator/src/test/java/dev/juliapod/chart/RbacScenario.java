package dev.juliapod.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.ConfigMapProjectRef;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodSpec;
import dev.juliapod.api.JuliaSpec;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.Labels;
import dev.juliapod.api.ProjectSource;
import dev.juliapod.operator.Crds;
import dev.juliapod.operator.Edits;
import dev.juliapod.operator.JuliaPodOperator;
import dev.juliapod.operator.OperatorMetrics;
import dev.juliapod.operator.SimulatedCluster;
import dev.juliapod.operator.TestBases;
import dev.juliapod.plan.OperatorDefaults;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@link RbacTest}'s scenarios share: the operator started as the chart runs it (leader
 * election on, its own client so that its requests can be told from the test's), one JuliaPod taken
 * through every code path with an API call, and the requests the operator made, as RBAC names them.
 */
final class RbacScenario {
  static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
  static final String AGENT = "juliapod-operator-under-test";
  static final String LEASE_NAMESPACE = "juliapod-system";
  static final String PUSH = "registry-push";
  private static final Pattern PATH =
      Pattern.compile(
          "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/([^/]+))?/([^/?]+)(?:/([^/?]+))?"
              + "(?:/([^/?]+))?(\\?.*)?$");

  /**
   * One request of the operator.
   *
   * @param namespace the namespace in its path; "" for a cluster-wide one (a list or watch of all
   *     namespaces)
   * @param permission "group/resource[/subresource] verb", as an RBAC rule names it
   */
  record Use(String namespace, String permission) {
    /** Leader election's own: the Lease, and the SelfSubjectRulesReview any account may create. */
    boolean forLease() {
      return permission.startsWith("coordination.k8s.io/leases ")
          || permission.startsWith("authorization.k8s.io/");
    }
  }

  private final KubernetesClient client;
  private final KubernetesMockServer server;

  RbacScenario(KubernetesClient client, KubernetesMockServer server) {
    this.client = client;
    this.server = server;
  }

  /** The chart's Lease Role's rules. */
  static List<PolicyRule> leaseRules(List<HasMetadata> chart) {
    return Chart.ofKind(chart, Role.class).stream()
        .filter(r -> r.getMetadata().getName().endsWith("-leader"))
        .findFirst()
        .orElseThrow()
        .getRules();
  }

  /**
   * Starts the operator, watching every namespace, with leader election as the chart runs it with
   * replicas > 1 (the Lease renewed every second here).
   */
  Operator start(OperatorDefaults defaults, List<PolicyRule> leaseRules) throws Exception {
    Crds.install(client, ROOT);
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
            defaults,
            Set.of(),
            TestBases.timings().withSecretRecheck(Duration.ofMinutes(5)),
            new OperatorMetrics(),
            TestBases.client(),
            o ->
                TestBases.inTests(
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
    return operator;
  }

  /**
   * Takes JuliaPod hello (examples/hello) in {@code namespace} through every code path with an API
   * call: a workspace claim refused once (a reconcile error, written into the status and retried),
   * a build pod refused by admission (the operator reads the Job's events), a build out of memory,
   * a retry with more, a new plan, its session pod replaced, and the old plan's sysimage removed
   * once unused for the retention (2 s here). The push Secret is made in {@code buildNamespace},
   * where sysimages are built.
   *
   * @param spec what the scenario's JuliaPod sets besides the example
   */
  void run(
      SimulatedCluster cluster, String namespace, String buildNamespace, Consumer<JuliaPod> spec)
      throws Exception {
    cluster.failWhenMemoryLimitIs("16Gi");
    JuliaPod hello =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(ROOT.resolve("examples/hello/juliapod.yaml")), JuliaPod.class);
    hello.getMetadata().setNamespace(namespace);
    spec.accept(hello);
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(PUSH)
                .withNamespace(buildNamespace)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", "e30="))
                .build())
        .create();
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + namespace + "/persistentvolumeclaims")
        .andReturn(
            404,
            new StatusBuilder()
                .withCode(404)
                .withMessage("namespaces \"" + namespace + "\" not found")
                .build())
        .once();
    cluster.refusePods(buildNamespace, "violates PodSecurity \"restricted:latest\"");
    client.resource(hello).create();
    awaitMessage(namespace, "BuildPodRejected");
    cluster.admitPods(buildNamespace);
    awaitMessage(namespace, "OOMKilled");
    edit(
        namespace,
        p ->
            p.getSpec().build.resources =
                new ResourceRequirementsBuilder()
                    .withLimits(Map.of("memory", new Quantity("32Gi")))
                    .build());
    await().atMost(Duration.ofSeconds(30)).until(() -> "Ready".equals(phase(namespace)));
    String before = get(namespace).getStatus().sysimage;
    edit(
        namespace,
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
                !get(namespace).getStatus().sysimage.equals(before)
                    && "Ready".equals(phase(namespace))
                    && get(namespace)
                        .getStatus()
                        .image
                        .equals(
                            client
                                .pods()
                                .inNamespace(namespace)
                                .withName("hello-repl")
                                .get()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .resources(JuliaSysimage.class)
                        .inNamespace(buildNamespace)
                        .withName(before)
                        .get()
                    == null);
    workers(namespace);
    assertThat(client.v1().events().inNamespace(namespace).list().getItems())
        .as("the error path ran")
        .anyMatch(e -> "ReconcileError".equals(e.getReason()));
  }

  /**
   * Distributed.jl workers: asked for (pods, Service, NetworkPolicy), their Service and policy
   * edited by hand and put back, then none asked for (all deleted).
   */
  private void workers(String namespace) {
    edit(namespace, p -> p.getSpec().workers = workers(1));
    var service = client.services().inNamespace(namespace).withName("hello-workers");
    var policy =
        client.network().v1().networkPolicies().inNamespace(namespace).withName("hello-workers");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> service.get() != null && policy.get() != null);
    service.edit(
        s -> {
          s.getSpec().getSelector().put("juliapod.dev/juliapod", "other");
          return s;
        });
    policy.edit(
        p -> {
          p.getSpec().getIngress().clear();
          return p;
        });
    // The next pass puts them back (an edit of the JuliaPod brings one).
    edit(namespace, p -> p.getSpec().workers = workers(2));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "hello".equals(service.get().getSpec().getSelector().get("juliapod.dev/juliapod"))
                    && !policy.get().getSpec().getIngress().isEmpty()
                    && client.pods().inNamespace(namespace).withName("hello-worker-1").get()
                        != null);
    edit(namespace, p -> p.getSpec().workers = workers(0));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                service.get() == null
                    && policy.get() == null
                    && client.pods().inNamespace(namespace).withName("hello-worker-0").get()
                        == null);
  }

  private static dev.juliapod.api.WorkersSpec workers(int replicas) {
    var workers = new dev.juliapod.api.WorkersSpec();
    workers.replicas = replicas;
    return workers;
  }

  /**
   * A JuliaPod whose project ConfigMap lacks the label the operator watches by: the operator reads
   * it by name to say so (docs/design.md, "Watches").
   */
  void unlabelledProject(String namespace) {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("unlabelled")
                .withNamespace(namespace)
                .endMetadata()
                .withData(Map.of("Project.toml", "", "Manifest.toml", ""))
                .build())
        .create();
    JuliaPod pod = new JuliaPod();
    pod.getMetadata().setName("unlabelled");
    pod.getMetadata().setNamespace(namespace);
    pod.setSpec(new JuliaPodSpec());
    pod.getSpec().julia = new JuliaSpec();
    pod.getSpec().julia.version = "1.11.7";
    pod.getSpec().project = new ProjectSource();
    pod.getSpec().project.configMapRef = new ConfigMapProjectRef();
    pod.getSpec().project.configMapRef.name = "unlabelled";
    client.resource(pod).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JuliaPod read =
                  client
                      .resources(JuliaPod.class)
                      .inNamespace(namespace)
                      .withName("unlabelled")
                      .get();
              return read.getStatus() != null
                  && read.getStatus().message != null
                  && read.getStatus().message.contains("has no label");
            });
  }

  /** A Secret of package credentials, labelled for juliapod (README, "Private packages"). */
  Secret credentials(String namespace, String name) {
    return client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of(Labels.CREDENTIALS, "true"))
                .endMetadata()
                .withStringData(Map.of(".git-credentials", "https://user:token@git.example\n"))
                .build())
        .create();
  }

  /** The operator's requests so far, each once. */
  Set<Use> requests() throws InterruptedException {
    Set<Use> used = new LinkedHashSet<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (AGENT.equals(request.getHeaders().get("User-Agent"))) {
        used.add(use(request));
      }
    }
    return used;
  }

  /** The requests' permissions, of those {@code which} accepts. */
  static Set<String> permissions(Set<Use> requests, Predicate<Use> which) {
    return requests.stream()
        .filter(which)
        .map(Use::permission)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The Lease Role grants what leader election used: fabric8's LeaseLock renews with PATCH
   * (ResourceLock.update), java-operator-sdk's check asks for get, create and update.
   */
  static void assertLeaseRole(List<PolicyRule> leaseRules, Set<Use> requests) {
    Set<String> usedForLease = permissions(requests, Use::forLease);
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
  }

  static Set<String> grants(List<PolicyRule> rules) {
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
   * clusters) asks of a create or update in {@code namespace} that sets blockOwnerDeletion:
   * `update` on the owner's `finalizers` subresource (kubernetes
   * plugin/pkg/admission/gc/gc_admission.go: "cannot set blockOwnerDeletion if an ownerReference
   * refers to a resource you can't set finalizers on"), and before that `delete` on the object
   * itself ("cannot set an ownerRef on a resource you can't delete", the same file's Admit). Both
   * are asked in the namespace of the object being written, where its owner is too (owner
   * references do not cross namespaces). The mock server does not keep request bodies, so this
   * reads the objects the operator made (those owned by a JuliaPod or a JuliaSysimage; the Job
   * controller owns build pods) as they stand.
   */
  Set<String> ownerReferenceAdmission(String namespace) {
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
    assertThat(made).as("objects the scenario made in %s", namespace).isNotEmpty();
    return needed;
  }

  private static String plural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    return lower.endsWith("s") ? lower + "es" : lower + "s";
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private JuliaPod get(String namespace) {
    return client.resources(JuliaPod.class).inNamespace(namespace).withName("hello").get();
  }

  private String phase(String namespace) {
    JuliaPod pod = get(namespace);
    return pod == null || pod.getStatus() == null ? null : pod.getStatus().phase;
  }

  private void edit(String namespace, Consumer<JuliaPod> change) {
    Edits.edit(client.resources(JuliaPod.class).inNamespace(namespace).withName("hello"), change);
  }

  private void awaitMessage(String namespace, String text) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(namespace) != null
                    && get(namespace).getStatus() != null
                    && get(namespace).getStatus().message != null
                    && get(namespace).getStatus().message.contains(text));
  }

  static Use use(RecordedRequest request) {
    Matcher m = PATH.matcher(request.getPath());
    if (!m.matches()) {
      return new Use("", "unparsed " + request.getMethod() + " " + request.getPath());
    }
    String group = m.group(1) == null ? "" : m.group(1);
    String namespace = m.group(2) == null ? "" : m.group(2);
    String resource = m.group(3) + (m.group(5) != null ? "/" + m.group(5) : "");
    boolean named = m.group(4) != null;
    String query = m.group(6) == null ? "" : m.group(6);
    String verb =
        switch (request.getMethod()) {
          case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> "delete";
          default -> request.getMethod();
        };
    return new Use(namespace, group + "/" + resource + " " + verb);
  }
}
