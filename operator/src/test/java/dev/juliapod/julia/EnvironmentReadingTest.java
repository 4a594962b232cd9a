package dev.juliapod.julia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Project/Manifest pairs, and the messages for input that cannot be planned. */
class EnvironmentReadingTest {
  private static final String EXAMPLE = "7876af07-990d-54b4-ab0e-23690620f79a";

  private static JuliaEnvironment parse(String project, String manifest) throws Exception {
    return JuliaEnvironment.parse(project, "Project.toml", manifest, "Manifest.toml");
  }

  @Test
  void readsManifest21WithRegistriesAndKeepsThemInTheOutput() throws Exception {
    String manifest =
        """
        julia_version = "1.12.0"
        manifest_format = "2.1"
        project_hash = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

        [[deps.Example]]
        git-tree-sha1 = "46e44e869b4d90b96bd8ed1fdcf32244fddfb6cc"
        uuid = "7876af07-990d-54b4-ab0e-23690620f79a"
        version = "0.5.3"

        [[deps.Unpinned]]
        git-tree-sha1 = "46e44e869b4d90b96bd8ed1fdcf32244fddfb6cd"
        uuid = "7876af07-990d-54b4-ab0e-23690620f79b"
        version = "1.0.0"

        [registries.General]
        uuid = "23338594-aafe-5451-b93e-139f81909106"
        url = "https://github.com/JuliaRegistries/General.git"
        """;
    String project =
        """
        [deps]
        Example = "7876af07-990d-54b4-ab0e-23690620f79a"
        Unpinned = "7876af07-990d-54b4-ab0e-23690620f79b"
        """;
    JuliaEnvironment env =
        parse(
            project, manifest.replace("version = \"0.5.3\"", "pinned = true\nversion = \"0.5.3\""));
    assertThat(env.manifest().format()).isEqualTo(Manifest.Format.V2);
    assertThat(env.manifest().entry(EXAMPLE).pinned()).isTrue();

    StripResult result = Stripper.strip(env, SysimagePolicy.PINNED);
    StripInvariants.check(env, result);
    assertThat(result.manifestToml())
        .contains(
            "manifest_format = \"2.1\"",
            "[registries.General]\nuuid = \"23338594-aafe-5451-b93e-139f81909106\"")
        .doesNotContain("Unpinned", "project_hash");
  }

  @Test
  void stdlibsAreRecognisedWithOrWithoutVersion() throws Exception {
    JuliaEnvironment env =
        parse(
            "[deps]\n",
            """
        [[Dates]]
        deps = ["Printf"]
        uuid = "ade2ca70-3891-5945-98fb-dc099432e06a"

        [[Printf]]
        uuid = "de0858da-6303-5e67-8744-51eddeeeb8d7"
        version = "1.11.0"
        """);
    assertThat(env.manifest().format()).isEqualTo(Manifest.Format.V1);
    assertThat(env.manifest().entries()).allMatch(PackageEntry::isStdlib);
  }

  @Test
  void malformedTomlNamesFileAndLine() {
    assertThatThrownBy(
            () ->
                parse(
                    "[deps]\nExample = \"" + EXAMPLE + "\"\n",
                    "manifest_format = \"2.0\"\n\n[[deps.Example]]\nuuid = \"7876af07\n"))
        .isInstanceOf(InvalidEnvironmentException.class)
        .hasMessageStartingWith("Manifest.toml:4: not valid TOML: ")
        .satisfies(e -> assertThat(((InvalidEnvironmentException) e).line()).isEqualTo(4));
    assertThatThrownBy(() -> parse("[deps\n", "manifest_format = \"2.0\"\n"))
        .hasMessageStartingWith("Project.toml:1: not valid TOML");
  }

  @Test
  void aUuidThatIsNotOneNamesTheEntryAndLine() throws Exception {
    String manifest = "manifest_format = \"2.0\"\n\n[[deps.Example]]\nuuid = \"%s\"\n";
    String project = "[deps]\nExample = \"" + EXAMPLE + "\"\n";
    for (String bad :
        List.of(
            "7876af07-990d-54b4-ab0e-23690620f79",
            "7876af07-990d-54b4-ab0e-23690620f79aa",
            "7876af07_990d-54b4-ab0e-23690620f79a",
            "7876af07-990d-54b4-ab0e-23690620f79g",
            "7876af07990d-54b4-ab0e-23690620f79a-",
            "")) {
      assertThatThrownBy(() -> parse(project, String.format(manifest, bad)))
          .as(bad)
          .isInstanceOf(InvalidEnvironmentException.class)
          .hasMessageContaining("Manifest.toml:4")
          .hasMessageContaining("\"" + bad + "\" is not a UUID");
    }
    // Either case, as the regular expression this replaced allowed; read in lower case.
    JuliaEnvironment upper =
        parse(
            project.replace(EXAMPLE, EXAMPLE.toUpperCase(java.util.Locale.ROOT)),
            String.format(manifest, EXAMPLE.toUpperCase(java.util.Locale.ROOT)));
    assertThat(upper.manifest().entry(EXAMPLE)).isNotNull();
  }

  @Test
  void directDependencyMissingFromTheManifest() {
    assertThatThrownBy(
            () ->
                parse(
                    "[deps]\nA = \"" + EnvBuilder.uuid("A") + "\"\nExample = \"" + EXAMPLE + "\"\n",
                    "manifest_format = \"2.0\"\n\n[[deps.A]]\nuuid = \""
                        + EnvBuilder.uuid("A")
                        + "\"\n"))
        .hasMessage(
            "Project.toml:3: dependency Example ("
                + EXAMPLE
                + ") has no entry in"
                + " Manifest.toml; the Manifest does not match the Project: run Pkg.resolve() and"
                + " keep both files");
  }

  @Test
  void projectAndManifestDisagreeOnAName() {
    assertThatThrownBy(
            () ->
                parse(
                    "[deps]\nExample = \"" + EXAMPLE + "\"\n",
                    "manifest_format = \"2.0\"\n\n[[deps.Other]]\nuuid = \"" + EXAMPLE + "\"\n"))
        .hasMessageContaining(
            "Project.toml:2: dependency Example has uuid "
                + EXAMPLE
                + ", which Manifest.toml:3 names Other");
  }

  @Test
  void dependencyNamesMustExistAndBeUnambiguous() {
    EnvBuilder absent = new EnvBuilder();
    absent.pkg("A").deps("Ghost").direct();
    assertThatThrownBy(absent::env)
        .hasMessage(
            "Manifest.toml:8: A depends on \"Ghost\", which"
                + " has no entry in the Manifest; the Manifest is incomplete: let Pkg write the"
                + " Manifest again (Pkg.resolve())");

    EnvBuilder twice = new EnvBuilder();
    twice.pkg("A").deps("Utils").direct();
    twice.pkg("Utils");
    twice.pkg("Utils").uuid("11111111-2222-3333-4444-555555555555");
    assertThatThrownBy(twice::env)
        .hasMessageContaining(
            "Manifest.toml:8: A depends on \"Utils\", but 2 entries have that name (lines 13, 18)");
  }

  @Test
  void entriesNeedAUuidAndAKnownFormat() {
    assertThatThrownBy(
            () ->
                parse("[deps]\n", "manifest_format = \"2.0\"\n\n[[deps.A]]\nversion = \"1.0.0\"\n"))
        .hasMessage(
            "Manifest.toml:3: [[A]] has no uuid; let Pkg write the Manifest again"
                + " (Pkg.resolve())");
    assertThatThrownBy(() -> parse("[deps]\n", "manifest_format = \"3.0\"\n"))
        .hasMessageContaining("manifest_format \"3.0\" is not supported");
  }

  @Test
  void missingFilesAreNamed(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> JuliaEnvironment.load(dir))
        .hasMessage(
            dir.resolve("Project.toml")
                + ": file not found; a Julia project needs a"
                + " Project.toml");
    Files.writeString(dir.resolve("Project.toml"), "[deps]\n");
    assertThatThrownBy(() -> JuliaEnvironment.load(dir))
        .hasMessageStartingWith(dir.resolve("Manifest.toml") + ": file not found; run `julia");
    assertThatThrownBy(() -> JuliaEnvironment.load(dir.resolve("nope")))
        .hasMessageContaining("no such folder");
  }

  @Test
  void juliaProjectNamesArePreferred(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("JuliaProject.toml"), "[deps]\n");
    Files.writeString(dir.resolve("JuliaManifest.toml"), "manifest_format = \"2.0\"\n");
    Files.writeString(dir.resolve("Project.toml"), "not = [toml\n");
    assertThat(JuliaEnvironment.load(dir).project().file()).endsWith("JuliaProject.toml");
  }

  @Test
  void windowsLineEndingsAreKept() throws Exception {
    EnvBuilder b = new EnvBuilder();
    b.pkg("A").deps("B").pinned().direct();
    b.pkg("B");
    b.pkg("C").direct();
    JuliaEnvironment env =
        parse(b.projectToml().replace("\n", "\r\n"), b.manifestV2().replace("\n", "\r\n"));

    StripResult result = Stripper.strip(env, SysimagePolicy.PINNED);

    StripInvariants.check(env, result);
    assertThat(result.manifestToml())
        .contains("[[deps.B]]\r\n")
        .doesNotContain("[[deps.C]]")
        .doesNotContainPattern("[^\r]\n");
    assertThat(result.projectToml()).doesNotContain("C = ");
  }

  @Test
  void entriesWrittenAsInlineTablesAreRefusedWithAHint() {
    assertThatThrownBy(
            () ->
                parse(
                    "[deps]\nA = \"" + EnvBuilder.uuid("A") + "\"\n",
                    "manifest_format = \"2.0\"\n\n[deps]\nA = [{uuid = \""
                        + EnvBuilder.uuid("A")
                        + "\"}]\n"))
        .hasMessage(
            "Manifest.toml: entries must be written as [[deps.Name]] tables, one header"
                + " line each, the way Pkg writes them; let Pkg write the Manifest again"
                + " (Pkg.resolve())");
  }

  @Test
  void anExplicitDepsHeaderAndTrailingCommentsAreFine() throws Exception {
    String a = EnvBuilder.uuid("A");
    String b = EnvBuilder.uuid("B");
    JuliaEnvironment env =
        parse(
            "[deps]\nA = \"" + a + "\"\nB = \"" + b + "\"\n",
            """
        manifest_format = "2.0"

        [deps]

        [[deps.A]]   # the one we bake
        git-tree-sha1 = "46e44e869b4d90b96bd8ed1fdcf32244fddfb6cc"
        pinned = true
        uuid = "%s"

        [[deps.B]]
        git-tree-sha1 = "46e44e869b4d90b96bd8ed1fdcf32244fddfb6cc"
        uuid = "%s"
        """
                .formatted(a, b));
    StripResult result = Stripper.strip(env, SysimagePolicy.PINNED);
    StripInvariants.check(env, result);
    assertThat(result.manifestToml())
        .isEqualTo(
            """
        manifest_format = "2.0"

        [deps]

        [[deps.A]]   # the one we bake
        git-tree-sha1 = "46e44e869b4d90b96bd8ed1fdcf32244fddfb6cc"
        pinned = true
        uuid = "%s"
        """
                .formatted(a));
  }
}
