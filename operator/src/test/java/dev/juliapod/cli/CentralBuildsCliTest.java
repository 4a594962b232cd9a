package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import dev.juliapod.client.JuliaPodDraft;
import dev.juliapod.client.LocalProject;
import dev.juliapod.client.SessionSettings;
import dev.juliapod.operator.TestBases;
import dev.juliapod.plan.BuildRules;
import dev.juliapod.plan.OperatorDefaults;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command line with central builds (docs/design.md, "Central builds"): the build's log is in
 * the build namespace that the JuliaPod's status names, and a user who may not read pods there is
 * told so.
 */
@EnableKubernetesMockClient(crud = true)
class CentralBuildsCliTest extends SessionCommandTest {
  static final String BUILDS = "juliapod-builds";
  static final String NAME = "my-analysis-alice-smith";
  static final OperatorDefaults CENTRAL =
      DEFAULTS.toBuilder().builds(new BuildRules(BUILDS, List.of(), List.of())).build();
  private String sysimage;

  @BeforeEach
  void central() throws Exception {
    operator.stop();
    operator = startOperator(CENTRAL);
    JuliaPod draft =
        JuliaPodDraft.of(LocalProject.load(project), NAME, ns, SessionSettings.none(), null);
    sysimage = TestBases.plan(draft, CENTRAL).sysimage().name();
  }

  @Test
  void replFollowsTheBuildLogInTheBuildNamespaceAndStatusNamesIt() throws Exception {
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/" + BUILDS + "/pods/" + sysimage + "-build-x1/log?pretty=false")
        .andReturn(200, "INFO Pushed registry.test/juliapod\n")
        .always();

    Cli repl = run("repl", project.toString(), "-n", ns);

    assertThat(repl.exit()).as(repl.err()).isZero();
    assertThat(repl.out())
        .containsSubsequence("Building", "  | INFO Pushed registry.test/juliapod", "Ready");
    assertThat(run("status", NAME, "-n", ns).out())
        .contains("sysimage   " + BUILDS + "/" + sysimage);
    Cli logs = run("logs", NAME, "-n", ns, "--build");
    assertThat(logs.exit()).as(logs.err()).isZero();
    assertThat(logs.out()).contains("INFO Pushed registry.test/juliapod");
  }

  @Test
  void aUserWhoMayNotReadTheBuildNamespaceIsToldWhere() throws Exception {
    forbidBuildPods();
    Cli repl = run("repl", project.toString(), "-n", ns);
    assertThat(repl.exit()).as(repl.err()).isZero();
    assertThat(repl.out())
        .containsOnlyOnce(
            "(the build runs in namespace " + BUILDS + ", whose pod logs you may not read)");

    Cli logs = run("logs", NAME, "-n", ns, "--build");

    assertThat(logs.exit()).isEqualTo(1);
    assertThat(logs.err())
        .contains("is built in namespace " + BUILDS)
        .contains("whose pods you may not read")
        .contains("juliapod status " + NAME);
  }

  /** The API server's answer to a user without rights on pods in the build namespace. */
  private void forbidBuildPods() {
    String selector =
        URLEncoder.encode(
            Labels.SYSIMAGE + "=" + sysimage + "," + Labels.COMPONENT + "=" + Labels.BUILD,
            StandardCharsets.UTF_8);
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/" + BUILDS + "/pods?labelSelector=" + selector)
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group"
                        + " \"\" in the namespace \""
                        + BUILDS
                        + "\"")
                .build())
        .always();
  }
}
