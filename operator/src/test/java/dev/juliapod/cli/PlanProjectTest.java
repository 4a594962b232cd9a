package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.plan.PlanException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which project `juliapod plan` plans with, for each way a JuliaPod names one. */
class PlanProjectTest {
  private static final Path EXAMPLES = PlanCommandTest.EXAMPLES;
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @TempDir Path tmp;

  private static JuliaPod pod(String file) throws Exception {
    return YAML.unmarshal(Files.readString(EXAMPLES.resolve(file)), JuliaPod.class);
  }

  @Test
  void anInlineProjectIsItsOwnAndNeedsNoNote() throws Exception {
    PlanProject project =
        PlanProject.choose(pod("hello/juliapod.yaml"), EXAMPLES.resolve("team"), null);
    assertThat(project.files().projectLabel()).isEqualTo("spec.project.inline.projectToml");
    assertThat(project.note()).isNull();
  }

  @Test
  void aConfigMapIsStoodInForByTheFolderOfTheFile() throws Exception {
    Path team = EXAMPLES.resolve("team");
    PlanProject project = PlanProject.choose(pod("team/alice.yaml"), team, null);
    assertThat(project.files().projectToml())
        .isEqualTo(Files.readString(team.resolve("Project.toml")));
    assertThat(project.files().manifestToml())
        .isEqualTo(Files.readString(team.resolve("Manifest.toml")));
    assertThat(project.files().manifestLabel()).isEqualTo(team.resolve("Manifest.toml").toString());
    assertThat(project.note())
        .isEqualTo(
            "ConfigMap team-project (spec.project.configMapRef) not"
                + " read: planned with "
                + team.resolve("Project.toml")
                + " and "
                + team.resolve("Manifest.toml")
                + " instead (--project DIR reads another folder)");
  }

  /** The folder is read by Julia's rules, as with --project: 1.11.7 reads Manifest-v1.11. */
  @Test
  void theFolderOfTheFileIsReadForTheJuliaPodsVersion() throws Exception {
    Files.copy(EXAMPLES.resolve("team/Project.toml"), tmp.resolve("Project.toml"));
    Files.writeString(tmp.resolve("Manifest.toml"), "this is not TOML [");
    Files.copy(EXAMPLES.resolve("team/Manifest.toml"), tmp.resolve("Manifest-v1.11.toml"));
    PlanProject project = PlanProject.choose(pod("team/alice.yaml"), tmp, null);
    assertThat(project.files().manifestLabel())
        .isEqualTo(tmp.resolve("Manifest-v1.11.toml").toString());
  }

  @Test
  void aConfigMapWithNoProjectBesideItNeedsProjectDir() throws Exception {
    assertThatThrownBy(() -> PlanProject.choose(pod("team/alice.yaml"), tmp, null))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "ConfigMap team-project (spec.project.configMapRef) cannot be read without a"
                + " cluster, and "
                + tmp
                + " holds no Project.toml to stand in for it: pass"
                + " --project DIR with the folder holding its Project.toml and Manifest.toml");
  }

  @Test
  void aProjectWithoutManifestBesideItSaysWhyTheFolderWasRead() throws Exception {
    Files.copy(EXAMPLES.resolve("team/Project.toml"), tmp.resolve("Project.toml"));
    assertThatThrownBy(() -> PlanProject.choose(pod("team/alice.yaml"), tmp, null))
        .hasMessageStartingWith(
            "ConfigMap team-project (spec.project.configMapRef) read from "
                + tmp
                + ", the JuliaPod's folder: "
                + tmp.resolve("Manifest.toml")
                + ": file not found");
  }

  @Test
  void projectDirWinsOverInlineAndConfigMap() throws Exception {
    Path team = EXAMPLES.resolve("team");
    for (String file : new String[] {"hello/juliapod.yaml", "team/alice.yaml"}) {
      PlanProject project = PlanProject.choose(pod(file), tmp, team);
      assertThat(project.files().projectLabel()).isEqualTo(team.resolve("Project.toml").toString());
      assertThat(project.note()).isNull();
    }
  }

  @Test
  void aJuliaPodWithNoProjectKeepsItsError() throws Exception {
    JuliaPod pod = pod("team/alice.yaml");
    pod.getSpec().project = null;
    assertThatThrownBy(() -> PlanProject.choose(pod, EXAMPLES.resolve("team"), null))
        .hasMessage("spec.project is required: set project.inline or project.configMapRef");
  }
}
