package dev.juliapod.chart;

import static dev.juliapod.chart.RbacScenario.grants;
import static dev.juliapod.chart.RbacScenario.permissions;
import static dev.juliapod.chart.RbacScenario.union;
import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.operator.SimulatedCluster;
import dev.juliapod.operator.TestBases;
import dev.juliapod.plan.BuildRules;
import dev.juliapod.plan.DepotCacheSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC rules are exactly what the operator uses, in both build modes: the operator runs
 * a scenario that touches every code path with an API call ({@link RbacScenario#run}), the mock
 * server records each request, and the requests, as (apiGroup, resource, verb), must equal what the
 * rendered roles grant, with what admission asks beyond the request itself; leader election is on,
 * and its Lease requests must equal what the chart's leader Role grants.
 */
@EnableKubernetesMockClient(crud = true)
class RbacTest {
  static final String BUILDS = "juliapod-builds";

  /**
   * Granted in the namespaces the operator watches for paths these scenarios cannot reach: an
   * object created concurrently by another reconcile or replica while the informer cache lagged
   * (create answers 409, then the operator reads it), and a status write that raced an edit of its
   * JuliaPod (the write answers 409, then the operator reads the latest version and writes again).
   */
  static final Set<String> UNREACHED_WATCHED =
      Set.of(
          "/pods get",
          "/persistentvolumeclaims get",
          "juliapod.dev/juliapods get",
          "/services get",
          "networking.k8s.io/networkpolicies get",
          // A JuliaPod made again under the name of one just deleted, before the garbage
          // collector removed its cluster cookie: the operator takes the Secret over.
          "/secrets update");

  /** The same in the namespace sysimages are built in, for their Jobs. */
  static final Set<String> UNREACHED_BUILDS = Set.of("batch/jobs get");

  // Instance fields: a mock server per scenario, so that one scenario's objects and requests are
  // not the other's.
  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void perNamespaceBuildsUseExactlyWhatTheClusterRoleGrants() throws Exception {
    var chart = Chart.render(Map.of("leaderElection.enabled", "true", "builds.central", "false"));
    assertThat(buildRoles(chart)).as("no build Role with per-namespace builds").isEmpty();
    List<PolicyRule> leaseRules = RbacScenario.leaseRules(chart);
    var scenario = new RbacScenario(client, server);
    // Without the cache: the scenario refuses the first claim made in the JuliaPod's namespace
    // once, meaning the workspace's, and the cache's claim (made there too in this mode, under
    // the same rights) could take that refusal instead.
    Operator operator = scenario.start(TestBases.defaults(null), leaseRules);
    Set<String> used = new TreeSet<>();
    try (var cluster = new SimulatedCluster(client)) {
      scenario.run(cluster, "rbac", "rbac", p -> p.getSpec().build.pushSecret = RbacScenario.PUSH);
      used.addAll(scenario.ownerReferenceAdmission("rbac"));
    } finally {
      operator.stop();
    }
    Set<RbacScenario.Use> requests = scenario.requests();
    RbacScenario.assertLeaseRole(leaseRules, requests);
    used.addAll(permissions(requests, u -> !u.forLease()));

    Set<String> granted = grants(Chart.ofKind(chart, ClusterRole.class).get(0).getRules());
    assertThat(used).as("requests the chart does not allow").isSubsetOf(granted);
    assertThat(granted)
        .as("rules the operator never used (least privilege)")
        .containsExactlyInAnyOrderElementsOf(
            union(used, union(UNREACHED_WATCHED, UNREACHED_BUILDS)));
  }

  /**
   * Central builds: the JuliaPod in a user namespace, its sysimages, build contexts and Jobs in
   * {@link #BUILDS} with the push Secret and the operator's credentials Secret, a credentials
   * Secret of the JuliaPod's own, which the operator checks before it starts the session, and a
   * second JuliaPod whose project ConfigMap lacks the label, which the operator reads by name to
   * say so. A request in the build namespace must be granted by the build Role; any other (in the
   * user namespace, or across all namespaces) by the ClusterRole. In a cluster the
   * ClusterRoleBinding grants in the build namespace too; asking the build Role alone to suffice
   * there is what keeps build rights (Jobs, JuliaSysimages) out of the ClusterRole.
   */
  @Test
  void centralBuildsUseExactlyWhatTheClusterRoleAndTheBuildRoleGrant() throws Exception {
    var chart = Chart.render(Map.of("leaderElection.enabled", "true", "builds.namespace", BUILDS));
    List<Role> buildRoles = buildRoles(chart);
    assertThat(buildRoles).extracting(r -> r.getMetadata().getNamespace()).containsExactly(BUILDS);
    List<PolicyRule> leaseRules = RbacScenario.leaseRules(chart);
    var scenario = new RbacScenario(client, server);
    String team = "team-a";
    Operator operator =
        scenario.start(
            TestBases.defaults(null).toBuilder()
                // With the chart's default cache: its claim is made and read in BUILDS.
                .builds(
                    new BuildRules(BUILDS, List.of(), List.of())
                        .withCache(new DepotCacheSettings("50Gi", null, "ReadWriteOnce")))
                .pushSecret(RbacScenario.PUSH)
                // Builds fetch with the operator's credentials in the build namespace.
                .credentialsSecret("build-credentials")
                .build(),
            leaseRules);
    scenario.credentials(BUILDS, "build-credentials");
    scenario.credentials(team, "team-credentials");
    Set<String> usedWatched = new TreeSet<>();
    Set<String> usedBuilds = new TreeSet<>();
    try (var cluster = new SimulatedCluster(client)) {
      scenario.run(
          cluster, team, BUILDS, p -> p.getSpec().julia.credentialsSecret = "team-credentials");
      scenario.unlabelledProject(team);
      usedWatched.addAll(scenario.ownerReferenceAdmission(team));
      usedBuilds.addAll(scenario.ownerReferenceAdmission(BUILDS));
    } finally {
      operator.stop();
    }
    Set<RbacScenario.Use> requests = scenario.requests();
    RbacScenario.assertLeaseRole(leaseRules, requests);
    usedWatched.addAll(permissions(requests, u -> !u.forLease() && !u.namespace().equals(BUILDS)));
    usedBuilds.addAll(permissions(requests, u -> !u.forLease() && u.namespace().equals(BUILDS)));

    Set<String> watched = grants(Chart.ofKind(chart, ClusterRole.class).get(0).getRules());
    assertThat(usedWatched).as("requests the ClusterRole does not allow").isSubsetOf(watched);
    assertThat(watched)
        .as("rules of the ClusterRole the operator never used (least privilege)")
        .containsExactlyInAnyOrderElementsOf(union(usedWatched, UNREACHED_WATCHED));
    Set<String> builds = grants(buildRoles.get(0).getRules());
    assertThat(usedBuilds).as("requests the build Role does not allow").isSubsetOf(builds);
    assertThat(builds)
        .as("rules of the build Role the operator never used (least privilege)")
        .containsExactlyInAnyOrderElementsOf(union(usedBuilds, UNREACHED_BUILDS));
  }

  private static List<Role> buildRoles(List<HasMetadata> chart) {
    return Chart.ofKind(chart, Role.class).stream()
        .filter(r -> r.getMetadata().getName().endsWith("-builds"))
        .toList();
  }
}
