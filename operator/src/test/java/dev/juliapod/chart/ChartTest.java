package dev.juliapod.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.juliapod.cli.JuliaPodCommand;
import dev.juliapod.plan.IdleTimeout;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

class ChartTest {
  @Test
  void lintIsClean() {
    var result = new Helm(Chart.DIR).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void defaultsWatchAllNamespacesWithAHardenedOperatorPod() {
    List<HasMetadata> objects = Chart.render(Map.of());
    assertThat(Chart.ofKind(objects, ClusterRole.class)).hasSize(1);
    assertThat(Chart.ofKind(objects, Role.class))
        .as("the build Role only")
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("jp-juliapod-operator-builds");
    Deployment deployment = Chart.ofKind(objects, Deployment.class).get(0);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container operator = pod.getContainers().get(0);
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getImage()).isEqualTo("ghcr.io/juliapod/juliapod-operator:0.1.0");
    assertThat(operator.getArgs()).containsExactly("operator");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    // The informers' first listing may take minutes on a big cluster: liveness waits for it.
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(
            operator.getStartupProbe().getPeriodSeconds()
                * operator.getStartupProbe().getFailureThreshold())
        .isGreaterThanOrEqualTo(300);
    assertThat(deployment.getSpec().getStrategy().getType())
        .as("never two operators at once without leader election")
        .isEqualTo("Recreate");
  }

  @Test
  void moreThanOneReplicaNeedsLeaderElection() {
    assertThatThrownBy(() -> Chart.render(Map.of("replicas", 2)))
        .hasMessageContaining("replicas > 1 needs leaderElection.enabled=true");
    Deployment deployment =
        Chart.ofKind(
                Chart.render(Map.of("replicas", 2, "leaderElection.enabled", true)),
                Deployment.class)
            .get(0);
    assertThat(deployment.getSpec().getStrategy())
        .as("a rolling update is fine: the Lease keeps one active")
        .isNull();
  }

  @Test
  void watchedNamespacesGetARoleEachAndLeaderElectionALeaseRole() {
    List<HasMetadata> objects =
        Chart.render(
            Map.of(
                "watchNamespaces[0]",
                "team-a",
                "watchNamespaces[1]",
                "team-b",
                "leaderElection.enabled",
                true,
                "replicas",
                2,
                "defaults.repository",
                "registry.example.com/jp"));
    assertThat(Chart.ofKind(objects, ClusterRole.class)).isEmpty();
    assertThat(Chart.ofKind(objects, Role.class))
        .extracting(r -> r.getMetadata().getName() + " in " + r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder(
            "jp-juliapod-operator in team-a",
            "jp-juliapod-operator in team-b",
            "jp-juliapod-operator-builds in juliapod-system",
            "jp-juliapod-operator-leader in juliapod-system");
    assertThat(Chart.ofKind(objects, RoleBinding.class)).hasSize(4);
    Deployment deployment = Chart.ofKind(objects, Deployment.class).get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .contains(
            "JULIAPOD_NAMESPACES=team-a,team-b",
            "JULIAPOD_LEADER_ELECTION=true",
            "JULIAPOD_REPOSITORY=registry.example.com/jp");
  }

  @Test
  void buildDefaultsAndLoggingReachTheOperator() {
    List<HasMetadata> objects =
        Chart.render(
            Map.of(
                "defaults.juliaImage",
                "mirror.example/julia:{version}",
                "defaults.executorImage",
                "mirror.example/kaniko:v1.23.2",
                "defaults.insecureRegistries[0]",
                "kind-registry:5000",
                "defaults.allowedServiceAccounts[0]",
                "julia-data-reader",
                "defaults.cacheRepository",
                "cache.example/layers",
                "defaults.arch",
                "arm64",
                "logFormat",
                "json",
                "logLevel",
                "debug"));
    assertThat(env(objects))
        .contains(
            "JULIAPOD_JULIA_IMAGE=mirror.example/julia:{version}",
            "JULIAPOD_EXECUTOR_IMAGE=mirror.example/kaniko:v1.23.2",
            "JULIAPOD_INSECURE_REGISTRIES=kind-registry:5000",
            "JULIAPOD_ALLOWED_SERVICE_ACCOUNTS=julia-data-reader",
            "JULIAPOD_LOG_FORMAT=json",
            "JULIAPOD_LOG_LEVEL=debug",
            "JULIAPOD_CACHE_REPOSITORY=cache.example/layers",
            "JULIAPOD_ARCH=arm64");
    assertThatThrownBy(() -> Chart.render(Map.of("defaults.arch", "x86")))
        .hasMessageContaining("arch");
    assertThatThrownBy(() -> Chart.render(Map.of("defaults.juliaImage", "julia:latest")))
        .hasMessageContaining("juliaImage");
    assertThatThrownBy(() -> Chart.render(Map.of("logFormat", "xml")))
        .hasMessageContaining("logFormat");
  }

  /**
   * Central builds, the default: the operator builds in the release namespace, and only a Role
   * there grants what builds need; the ClusterRole has no Jobs and no JuliaSysimages.
   */
  @Test
  void centralBuildsAreGrantedInTheReleaseNamespaceOnly() {
    List<HasMetadata> objects = Chart.render(Map.of());
    assertThat(env(objects))
        .contains(
            "JULIAPOD_BUILD_NAMESPACE=juliapod-system",
            "JULIAPOD_ALLOWED_EXECUTOR_IMAGES=",
            "JULIAPOD_ALLOWED_BASE_IMAGES=");
    assertThat(grantingJobs(objects)).containsExactly("Role jp-juliapod-operator-builds");
    assertBuildRoleIn(objects, "juliapod-system");
    assertThat(RbacScenario.grants(Chart.ofKind(objects, ClusterRole.class).get(0).getRules()))
        .noneMatch(p -> p.contains("juliasysimages") || p.startsWith("batch/"))
        .contains("juliapod.dev/juliapods watch", "/pods create", "/secrets get");
  }

  @Test
  void theBuildNamespaceAndTheAllowListsReachTheOperator() {
    List<HasMetadata> objects =
        Chart.render(
            Map.of(
                "builds.namespace",
                "juliapod-builds",
                "watchNamespaces[0]",
                "team-a",
                "watchNamespaces[1]",
                "team-b",
                "builds.allowedExecutorImages[0]",
                "ghcr.io/osscontainertools/kaniko:*",
                "builds.allowedExecutorImages[1]",
                "mirror.example/kaniko:*",
                "builds.allowedBaseImages[0]",
                "julia:*"));
    assertThat(env(objects))
        .contains(
            "JULIAPOD_BUILD_NAMESPACE=juliapod-builds",
            "JULIAPOD_ALLOWED_EXECUTOR_IMAGES=ghcr.io/osscontainertools/kaniko:*,"
                + "mirror.example/kaniko:*",
            "JULIAPOD_ALLOWED_BASE_IMAGES=julia:*",
            "JULIAPOD_NAMESPACES=team-a,team-b");
    assertThat(grantingJobs(objects)).containsExactly("Role jp-juliapod-operator-builds");
    assertBuildRoleIn(objects, "juliapod-builds");
    assertThat(Chart.ofKind(objects, Role.class))
        .filteredOn(r -> r.getMetadata().getName().equals("jp-juliapod-operator"))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThatThrownBy(() -> Chart.render(Map.of("builds.namespace", "Builds")))
        .hasMessageContaining("namespace");
  }

  @Test
  void theBuildNodesReachTheOperatorInTheFormItReads() {
    List<HasMetadata> objects =
        Chart.render(
            Map.of(
                "builds.nodeSelector.tier",
                "batch",
                "builds.nodeSelector.pool",
                "builds",
                "builds.tolerations[0].key",
                "builds",
                "builds.tolerations[0].operator",
                "Exists",
                "builds.tolerations[0].effect",
                "NoSchedule"));
    // The form PlanCommandTest.centralBuildsPlaceBuildPodsOnTheOperatorsBuildNodes reads.
    assertThat(env(objects))
        .contains(
            "JULIAPOD_BUILD_NODE_SELECTOR=pool=builds,tier=batch",
            "JULIAPOD_BUILD_TOLERATIONS="
                + "[{\"effect\":\"NoSchedule\",\"key\":\"builds\",\"operator\":\"Exists\"}]");
    assertThat(env(Chart.render(Map.of())))
        .contains("JULIAPOD_BUILD_NODE_SELECTOR=", "JULIAPOD_BUILD_TOLERATIONS=");
  }

  /** Per-namespace builds render the rules the chart had before central builds, unchanged. */
  @Test
  void perNamespaceBuildsGrantEverythingInEachWatchedNamespace() {
    List<String> rules =
        List.of(
            "[juliapod.dev] [juliapods] [get, list, watch]",
            "[juliapod.dev] [juliapods/status, juliasysimages/status] [update]",
            "[juliapod.dev] [juliapods/finalizers, juliasysimages/finalizers] [update]",
            "[juliapod.dev] [juliasysimages] [get, list, watch, create, patch, delete]",
            "[batch] [jobs] [get, list, watch, create, delete]",
            "[] [pods] [get, list, watch, create, delete]",
            "[] [pods/log] [get]",
            "[] [configmaps] [get, list, watch, create, update, delete]",
            "[] [persistentvolumeclaims] [get, list, watch, create, delete]",
            "[] [secrets] [get, create, update]",
            "[] [services] [get, list, watch, create, update, delete]",
            "[networking.k8s.io] [networkpolicies] [get, list, watch, create, update, delete]",
            "[] [events] [create, list]");
    List<HasMetadata> objects = Chart.render(Map.of("builds.central", false));
    assertThat(env(objects)).contains("JULIAPOD_BUILD_NAMESPACE=");
    assertThat(Chart.ofKind(objects, Role.class)).isEmpty();
    assertThat(Chart.ofKind(objects, RoleBinding.class)).isEmpty();
    assertThat(rules(Chart.ofKind(objects, ClusterRole.class).get(0).getRules()))
        .containsExactlyElementsOf(rules);

    objects =
        Chart.render(
            Map.of(
                "builds.central",
                false,
                "watchNamespaces[0]",
                "team-a",
                "watchNamespaces[1]",
                "team-b"));
    assertThat(Chart.ofKind(objects, ClusterRole.class)).isEmpty();
    assertThat(Chart.ofKind(objects, Role.class))
        .extracting(r -> r.getMetadata().getName() + " in " + r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder(
            "jp-juliapod-operator in team-a", "jp-juliapod-operator in team-b");
    assertThat(Chart.ofKind(objects, Role.class))
        .allSatisfy(r -> assertThat(rules(r.getRules())).containsExactlyElementsOf(rules));
  }

  /** The roles that grant anything on Jobs, as "Kind name". */
  private static List<String> grantingJobs(List<HasMetadata> objects) {
    return Stream.concat(
            Chart.ofKind(objects, ClusterRole.class).stream()
                .filter(r -> grantsJobs(r.getRules()))
                .map(r -> "ClusterRole " + r.getMetadata().getName()),
            Chart.ofKind(objects, Role.class).stream()
                .filter(r -> grantsJobs(r.getRules()))
                .map(r -> "Role " + r.getMetadata().getName()))
        .toList();
  }

  private static boolean grantsJobs(List<PolicyRule> rules) {
    return RbacScenario.grants(rules).stream().anyMatch(p -> p.startsWith("batch/jobs "));
  }

  /** The build Role and its binding to the operator's account, in {@code namespace}. */
  private static void assertBuildRoleIn(List<HasMetadata> objects, String namespace) {
    Role role = buildRole(objects);
    assertThat(role.getMetadata().getNamespace()).isEqualTo(namespace);
    assertThat(RbacScenario.grants(role.getRules()))
        .contains("juliapod.dev/juliasysimages create", "batch/jobs create", "/secrets get")
        .noneMatch(p -> p.startsWith("juliapod.dev/juliapods"));
    // Workspace claims stay in the user namespaces; the build namespace holds the depot cache's
    // claim alone (the default values turn the cache on), which the operator never deletes.
    assertThat(claimVerbs(role.getRules())).containsExactlyInAnyOrderElementsOf(CACHE_CLAIM);
    RoleBinding binding =
        Chart.ofKind(objects, RoleBinding.class).stream()
            .filter(b -> b.getMetadata().getName().equals("jp-juliapod-operator-builds"))
            .findFirst()
            .orElseThrow();
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(namespace);
    assertThat(binding.getRoleRef().getName()).isEqualTo("jp-juliapod-operator-builds");
    assertThat(binding.getSubjects())
        .extracting(s -> s.getKind() + " " + s.getName() + " in " + s.getNamespace())
        .containsExactly("ServiceAccount jp-juliapod-operator in juliapod-system");
  }

  /** What the operator does with the depot cache's claim: it watches the claim's phase. */
  private static final List<String> CACHE_CLAIM = List.of("get", "create");

  /** The verbs {@code rules} grant on PersistentVolumeClaims. */
  private static Set<String> claimVerbs(List<PolicyRule> rules) {
    Set<String> verbs = new TreeSet<>();
    for (String grant : RbacScenario.grants(rules)) {
      if (grant.startsWith("/persistentvolumeclaims ")) {
        verbs.add(grant.substring(grant.indexOf(' ') + 1));
      }
    }
    return verbs;
  }

  private static Role buildRole(List<HasMetadata> objects) {
    return Chart.ofKind(objects, Role.class).stream()
        .filter(r -> r.getMetadata().getName().equals("jp-juliapod-operator-builds"))
        .findFirst()
        .orElseThrow();
  }

  /** The chart turns the build depot cache on, as issue 20 asks, with the operator's own modes. */
  @Test
  void theBuildCacheIsOnByDefaultAndItsValuesReachTheOperator() {
    assertThat(env(Chart.render(Map.of())))
        .contains(
            "JULIAPOD_BUILD_CACHE_SIZE=50Gi",
            "JULIAPOD_BUILD_CACHE_STORAGE_CLASS=",
            "JULIAPOD_BUILD_CACHE_ACCESS_MODE=ReadWriteOnce");
    assertThat(
            env(
                Chart.render(
                    Map.of(
                        "builds.cache.size",
                        "200Gi",
                        "builds.cache.storageClass",
                        "nfs-client",
                        "builds.cache.accessMode",
                        "ReadWriteMany"))))
        .contains(
            "JULIAPOD_BUILD_CACHE_SIZE=200Gi",
            "JULIAPOD_BUILD_CACHE_STORAGE_CLASS=nfs-client",
            "JULIAPOD_BUILD_CACHE_ACCESS_MODE=ReadWriteMany");
    assertThatThrownBy(() -> Chart.render(Map.of("builds.cache.accessMode", "ReadWriteSometimes")))
        .hasMessageContaining("accessMode");
    assertThatThrownBy(() -> Chart.render(Map.of("builds.cache.size", "lots")))
        .hasMessageContaining("size");
  }

  /**
   * An empty size turns the cache off: the operator is told so, and the build Role, which needs
   * claims for nothing else, loses them.
   */
  @Test
  void withoutTheBuildCacheTheBuildRoleGrantsNoClaims() {
    List<HasMetadata> objects = Chart.render(Map.of("builds.cache.size", ""));
    assertThat(env(objects)).contains("JULIAPOD_BUILD_CACHE_SIZE=");
    assertThat(claimVerbs(buildRole(objects).getRules())).isEmpty();
    assertThat(claimVerbs(Chart.ofKind(objects, ClusterRole.class).get(0).getRules()))
        .as("workspace claims where JuliaPods are, cache or not")
        .containsAll(CACHE_CLAIM)
        .contains("delete");
  }

  /**
   * Per-namespace builds put the cache's claim in each namespace where builds run, which are the
   * watched ones: the ClusterRole or each namespace's Role grants it there, cache or not, since
   * workspace claims need the same verbs and more.
   */
  @Test
  void perNamespaceBuildsMayCreateTheCacheClaimWhereBuildsRun() {
    for (String size : List.of("50Gi", "")) {
      List<HasMetadata> objects =
          Chart.render(Map.of("builds.central", false, "builds.cache.size", size));
      assertThat(claimVerbs(Chart.ofKind(objects, ClusterRole.class).get(0).getRules()))
          .as("size %s", size)
          .containsAll(CACHE_CLAIM);
      objects =
          Chart.render(
              Map.of(
                  "builds.central",
                  false,
                  "builds.cache.size",
                  size,
                  "watchNamespaces[0]",
                  "team-a",
                  "watchNamespaces[1]",
                  "team-b"));
      assertThat(Chart.ofKind(objects, Role.class))
          .as("size %s", size)
          .hasSize(2)
          .allSatisfy(r -> assertThat(claimVerbs(r.getRules())).containsAll(CACHE_CLAIM));
    }
  }

  private static List<String> rules(List<PolicyRule> rules) {
    return rules.stream()
        .map(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getVerbs())
        .toList();
  }

  @Test
  void chartSetsExactlyTheVariablesTheOperatorReads() {
    Set<String> read = new TreeSet<>();
    Pattern variable = Pattern.compile("\\$\\{env:(JULIAPOD_[A-Z_]+)");
    for (OptionSpec option :
        JuliaPodCommand.commandLine().getSubcommands().get("operator").getCommandSpec().options()) {
      if (option.defaultValueString(false) != null) {
        variable
            .matcher(option.defaultValueString(false))
            .results()
            .forEach(m -> read.add(m.group(1)));
      }
    }
    Set<String> set = new TreeSet<>();
    Chart.ofKind(Chart.render(Map.of()), Deployment.class)
        .get(0)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .forEach(e -> set.add(e.getName()));
    assertThat(set).isEqualTo(read);
  }

  private static List<String> env(List<HasMetadata> objects) {
    return Chart.ofKind(objects, Deployment.class)
        .get(0)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .stream()
        .map(e -> e.getName() + "=" + e.getValue())
        .toList();
  }

  @Test
  void metricsAreServedAndAServiceMonitorIsOptional() {
    assertThat(Chart.render(Map.of()))
        .extracting(HasMetadata::getKind)
        .contains("Service")
        .doesNotContain("ServiceMonitor");
    List<HasMetadata> objects = Chart.render(Map.of("metrics.serviceMonitor.enabled", true));
    HasMetadata monitor =
        objects.stream()
            .filter(o -> o.getKind().equals("ServiceMonitor"))
            .findFirst()
            .orElseThrow();
    assertThat(new io.fabric8.kubernetes.client.utils.KubernetesSerialization().asYaml(monitor))
        .contains("path: \"/metrics\"", "port: \"http\"");
  }

  @Test
  void valuesOutsideTheSchemaAreRejected() {
    assertThatThrownBy(() -> Chart.render(Map.of("replicas", 0))).hasMessageContaining("replicas");
    assertThatThrownBy(() -> Chart.render(Map.of("watchNamespaces[0]", "Not_A_Namespace")))
        .hasMessageContaining("watchNamespaces");
  }

  /**
   * The schema takes an idle-culling value where the operator does, so a `helm upgrade` the schema
   * lets through never leaves an operator that refuses its flags at start.
   */
  @Test
  void idleCullingValuesPassTheSchemaWhereTheOperatorTakesThem() {
    for (String ok :
        List.of("", "45m", "1h30m", "1.5h", "30s", "1500ms", "PT2H", "P1D", "PT1.5S")) {
      assertThatCode(() -> Chart.render(Map.of("idleCulling.timeout", ok)))
          .as("timeout %s", ok)
          .doesNotThrowAnyException();
      assertThat(ok.isEmpty() || IdleTimeout.parse(ok) != null)
          .as("operator takes %s", ok)
          .isTrue();
    }
    assertThatCode(() -> Chart.render(Map.of("idleCulling.timeout", 0)))
        .as("--set idleCulling.timeout=0 is a number to Helm")
        .doesNotThrowAnyException();
    for (String bad : List.of("PT", "2", "lots", "1d", "-5m", "P1DT", "1h 30m")) {
      assertThatThrownBy(() -> Chart.render(Map.of("idleCulling.timeout", bad)))
          .as("timeout %s", bad)
          .hasMessageContaining("idleCulling");
      assertThat(IdleTimeout.parse(bad)).as("operator refuses %s", bad).isNull();
    }
    for (String ok : List.of("", "1m", "90s", "1h", "PT1M", "PT1S", "0m30s")) {
      assertThatCode(() -> Chart.render(Map.of("idleCulling.interval", ok)))
          .as("interval %s", ok)
          .doesNotThrowAnyException();
      assertThat(ok.isEmpty() || IdleTimeout.parse(ok).getSeconds() >= 1)
          .as("operator takes interval %s", ok)
          .isTrue();
    }
    for (String bad : List.of("0s", "PT0S", "500ms", "0.5s", "lots", "PT")) {
      assertThatThrownBy(() -> Chart.render(Map.of("idleCulling.interval", bad)))
          .as("interval %s", bad)
          .hasMessageContaining("idleCulling");
      var parsed = IdleTimeout.parse(bad);
      assertThat(parsed == null || parsed.getSeconds() < 1).as("operator refuses %s", bad).isTrue();
    }
  }

  /** The build copies the generated CRDs into both folders (CrdTest says what that leaves). */
  @Test
  void chartCrdsAreTheGeneratedOnes() throws Exception {
    Path generated = Path.of(System.getProperty("basedir", ".")).resolve("../crds").normalize();
    assertThat(names(Chart.DIR.resolve("crds")))
        .as("files in charts/juliapod-operator/crds/ (delete one that is not in crds/)")
        .isEqualTo(names(generated));
    try (Stream<Path> files = Files.list(generated)) {
      for (Path crd : files.toList()) {
        assertThat(Files.readString(Chart.DIR.resolve("crds").resolve(crd.getFileName())))
            .as(
                "charts/juliapod-operator/crds/%s is stale: `./mvnw -B -pl operator"
                    + " process-classes` copies the generated CRDs there",
                crd.getFileName())
            .isEqualTo(Files.readString(crd));
      }
    }
  }

  private static Set<String> names(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
    }
  }
}
