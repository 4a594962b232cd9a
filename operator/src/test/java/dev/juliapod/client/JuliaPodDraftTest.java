package dev.juliapod.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.juliapod.api.BuildSpec;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Policy;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JuliaPodDraftTest {
  static final Path HELLO =
      Path.of(System.getProperty("basedir", ".")).resolve("../examples/hello").normalize();

  @TempDir Path tmp;

  @Test
  void aFirstRunCarriesTheFolderInlineWithTheManifestsJulia() throws Exception {
    LocalProject project = LocalProject.load(HELLO);
    JuliaPod pod = JuliaPodDraft.of(project, "hello-alice", "team", SessionSettings.none(), null);
    assertThat(pod.getSpec().julia.version).isEqualTo("1.11.7");
    assertThat(pod.getSpec().project.inline.projectToml)
        .isEqualTo(Files.readString(HELLO.resolve("Project.toml")));
    assertThat(pod.getSpec().project.inline.manifestToml)
        .isEqualTo(Files.readString(HELLO.resolve("Manifest.toml")));
    assertThat(pod.getSpec().sysimage.policy).isEqualTo(Policy.Pinned);
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "juliapod-cli");
    assertThat(project.name()).isEqualTo("hello");
  }

  @Test
  void flagsSetResourcesAndArgumentsAndARunKeepsWhatOthersSet() throws Exception {
    LocalProject project = LocalProject.load(HELLO);
    JuliaPod existing =
        JuliaPodDraft.of(project, "hello-alice", "team", SessionSettings.none(), null);
    existing.getSpec().build = new BuildSpec();
    existing.getSpec().build.deadlineSeconds = 7200L;
    existing.getSpec().session.suspend = true;
    JuliaPod next =
        JuliaPodDraft.of(
            project,
            "hello-alice",
            "team",
            new SessionSettings(
                null,
                Policy.Strict,
                "2",
                "8Gi",
                1,
                List.of("--optimize=0"),
                null,
                null,
                null,
                null,
                "2h",
                null),
            existing);
    assertThat(next.getSpec().build.deadlineSeconds).isEqualTo(7200L);
    assertThat(next.getSpec().session.suspend).as("repl starts a stopped session").isNull();
    assertThat(next.getSpec().sysimage.policy).isEqualTo(Policy.Strict);
    assertThat(next.getSpec().session.juliaArgs).containsExactly("--optimize=0");
    assertThat(next.getSpec().session.idleTimeout).isEqualTo("2h");
    var resources = next.getSpec().session.resources;
    assertThat(resources.getRequests())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("8Gi"));
    assertThat(resources.getLimits())
        .containsEntry("memory", new Quantity("8Gi"))
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
  }

  @Test
  void aManifestWithoutJuliaVersionNeedsTheFlag() throws Exception {
    Files.writeString(tmp.resolve("Project.toml"), "[deps]\n");
    Files.writeString(tmp.resolve("Manifest.toml"), "# old format\n");
    LocalProject project = LocalProject.load(tmp);
    assertThatThrownBy(() -> JuliaPodDraft.of(project, "x", "ns", SessionSettings.none(), null))
        .hasMessageContaining("Manifest.toml")
        .hasMessageContaining("--julia-version");
    assertThat(
            JuliaPodDraft.of(
                    project,
                    "x",
                    "ns",
                    new SessionSettings(
                        "1.10.5", null, null, null, null, null, null, null, null, null, null, null),
                    null)
                .getSpec()
                .julia
                .version)
        .isEqualTo("1.10.5");
  }

  @Test
  void registriesServerAndSecretPassThroughAndAnEmptyValueClearsThem() throws Exception {
    Files.writeString(tmp.resolve("Project.toml"), "[deps]\n");
    Files.writeString(
        tmp.resolve("Manifest.toml"), "julia_version = \"1.11.7\"\nmanifest_format = \"2.0\"\n");
    LocalProject project = LocalProject.load(tmp);
    JuliaPod first =
        JuliaPodDraft.of(
            project,
            "x",
            "ns",
            new SessionSettings(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of("git@github.com:acme/AcmeRegistry.git"),
                "https://pkg.acme.example",
                "julia-credentials",
                null,
                null),
            null);
    assertThat(first.getSpec().julia.registries)
        .extracting(r -> r.url)
        .containsExactly("git@github.com:acme/AcmeRegistry.git");
    assertThat(first.getSpec().julia.pkgServer).isEqualTo("https://pkg.acme.example");
    assertThat(first.getSpec().julia.credentialsSecret).isEqualTo("julia-credentials");

    JuliaPod kept = JuliaPodDraft.of(project, "x", "ns", SessionSettings.none(), first);
    assertThat(kept.getSpec().julia.credentialsSecret).as("no flag: as it was").isNotNull();
    JuliaPod cleared =
        JuliaPodDraft.of(
            project,
            "x",
            "ns",
            new SessionSettings(
                null, null, null, null, null, null, null, List.of(), "", "", "", null),
            kept);
    assertThat(cleared.getSpec().julia.registries).isNull();
    assertThat(cleared.getSpec().julia.pkgServer).isNull();
    assertThat(cleared.getSpec().julia.credentialsSecret).isNull();
  }
}
