package dev.juliapod.julia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files of a folder juliapod reads: the ones Julia's loader would (base/loading.jl). */
class EnvironmentFilesTest {
  @TempDir Path dir;

  Path write(String name) throws Exception {
    return Files.writeString(dir.resolve(name), "# " + name + "\n");
  }

  String manifestFor(String version) throws Exception {
    return EnvironmentFiles.find(dir, version == null ? null : JuliaVersion.parse(version))
        .manifest()
        .getFileName()
        .toString();
  }

  @Test
  void versionedManifestsFromJulia1_10_8And1_11() throws Exception {
    write("Project.toml");
    write("Manifest.toml");
    write("Manifest-v1.11.toml");
    write("Manifest-v1.10.toml");

    assertThat(manifestFor("1.11.7")).isEqualTo("Manifest-v1.11.toml");
    assertThat(manifestFor("1.10.8")).isEqualTo("Manifest-v1.10.toml");
    assertThat(manifestFor("1.10.7")).isEqualTo("Manifest.toml"); // before the backport
    assertThat(manifestFor("1.12.1")).isEqualTo("Manifest.toml"); // none for 1.12
    assertThat(manifestFor(null)).isEqualTo("Manifest-v1.11.toml"); // the newest there is
    assertThat(EnvironmentFiles.find(dir, null).version()).isEqualTo(JuliaVersion.of(1, 11, 0));
  }

  @Test
  void juliaPrefixedNamesComeFirstAtEachLevel() throws Exception {
    write("JuliaProject.toml");
    write("Project.toml");
    write("Manifest-v1.11.toml");
    write("JuliaManifest-v1.11.toml");
    write("JuliaManifest.toml");

    EnvironmentFiles files = EnvironmentFiles.find(dir, JuliaVersion.parse("1.11.2"));
    assertThat(files.project().getFileName().toString()).isEqualTo("JuliaProject.toml");
    assertThat(files.manifest().getFileName().toString()).isEqualTo("JuliaManifest-v1.11.toml");
    assertThat(manifestFor("1.10.0")).isEqualTo("JuliaManifest.toml");
  }

  @Test
  void theProjectsManifestKeyWinsWhenTheFileExists() throws Exception {
    Files.writeString(dir.resolve("Project.toml"), "manifest = \"envs/Shared.toml\"\n");
    write("Manifest-v1.11.toml");
    assertThat(manifestFor("1.11.7")).isEqualTo("Manifest-v1.11.toml"); // named file missing
    Files.createDirectories(dir.resolve("envs"));
    write("envs/Shared.toml");
    assertThat(manifestFor("1.11.7")).isEqualTo("Shared.toml");
  }

  @Test
  void aMissingManifestSaysWhichNamesJuliaWouldRead() throws Exception {
    write("Project.toml");
    assertThatThrownBy(() -> EnvironmentFiles.find(dir, JuliaVersion.parse("1.11.7")))
        .isInstanceOf(InvalidEnvironmentException.class)
        .hasMessageContaining(
            "Julia 1.11 reads the first of JuliaManifest-v1.11.toml,"
                + " Manifest-v1.11.toml, JuliaManifest.toml, Manifest.toml")
        .hasMessageContaining("Pkg.instantiate()");
  }
}
