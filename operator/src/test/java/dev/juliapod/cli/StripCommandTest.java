package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `juliapod strip` as a user runs it, on the bundled example and on broken input. */
class StripCommandTest {
  static final Path HELLO =
      Path.of(System.getProperty("basedir", ".")).resolve("../examples/hello").normalize();

  @TempDir Path tmp;

  private Path copyOfHello() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("hello"));
    try (Stream<Path> files = Files.list(HELLO)) {
      for (Path file : files.toList()) {
        Files.copy(file, dir.resolve(file.getFileName()));
      }
    }
    return dir;
  }

  @BeforeEach
  void helloIsThere() {
    assertThat(HELLO.resolve("Manifest.toml")).exists();
  }

  @Test
  void outputWritesBothFilesAndSaysWhatWasStrippedAndWhy() throws Exception {
    Path target = tmp.resolve("stripped");
    Cli run = Cli.run("strip", HELLO.toString(), "--output", target.toString());

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith(
            """
        Policy pinned: baked 4, stripped 4.
        Baked into the sysimage:
          DataStructures 0.19.1
          Example 0.5.3
          JSON3 1.14.3
          LinearAlgebra 1.11.0
        Stripped from the build environment:
          BenchmarkTools: unpinned direct dependency
          Compat: only reachable through BenchmarkTools
          JSON: only reachable through BenchmarkTools
          Statistics: only reachable through BenchmarkTools
        Standard libraries no longer listed (they ship with Julia): Logging, Profile
        Environment hash: sha256:""")
        .endsWith(
            "Wrote "
                + target.resolve("Project.toml")
                + " and "
                + target.resolve("Manifest.toml")
                + "\n");
    assertThat(Files.readString(target.resolve("Project.toml")))
        .doesNotContain("BenchmarkTools")
        .contains("JSON3 = ");
    assertThat(Files.readString(target.resolve("Manifest.toml")))
        .contains("[[deps.Parsers]]", "[[deps.JSON3]]")
        .doesNotContain("[[deps.BenchmarkTools]]", "[[deps.JSON]]", "project_hash");
    try (Stream<Path> left = Files.list(target)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("Project.toml", "Manifest.toml");
    }
  }

  @Test
  void withoutOutputPrintsTheStrippedManifest() throws Exception {
    Cli run = Cli.run("strip", HELLO.toString());
    Cli.run("strip", HELLO.toString(), "--output", tmp.resolve("x").toString());
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .startsWith("# This file is machine-generated")
        .contains("[[deps.Example]]")
        .doesNotContain("BenchmarkTools")
        .isEqualTo(Files.readString(tmp.resolve("x/Manifest.toml")));
  }

  @Test
  void jsonHasBakedStrippedAndHash() throws Exception {
    Cli run = Cli.run("strip", HELLO.toString(), "--json");
    assertThat(run.exit()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("baked")).hasSize(4);
    assertThat(json.get("baked").get(1).get("name").asText()).isEqualTo("Example");
    assertThat(json.get("baked").get(1).get("uuid").asText())
        .isEqualTo("7876af07-990d-54b4-ab0e-23690620f79a");
    assertThat(json.get("baked").get(1).get("version").asText()).isEqualTo("0.5.3");
    assertThat(json.get("stripped").get(0).get("name").asText()).isEqualTo("BenchmarkTools");
    assertThat(json.get("stripped").get(0).get("reason").asText())
        .isEqualTo("unpinned direct dependency");
    assertThat(json.get("hash").asText()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void explicitPolicyWithPackages() {
    Cli run =
        Cli.run(
            "strip",
            HELLO.toString(),
            "--policy",
            "EXPLICIT",
            "--package",
            "Example",
            "--package",
            "BenchmarkTools",
            "--json");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("\"name\" : \"BenchmarkTools\"")
        .contains("\"reason\" : \"direct dependency not in the explicit package list\"");
  }

  @Test
  void helpAndVersion() {
    Cli help = Cli.run("strip", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains(
            "Usage: juliapod strip",
            "PROJECT_DIR",
            "--policy=POLICY",
            "pinned, strict,",
            "registered, explicit, none",
            "--package=NAME",
            "--output=DIR",
            "--json",
            "Exit codes:");
    Cli version = Cli.run("--version");
    assertThat(version.exit()).isZero();
    assertThat(version.out()).matches("juliapod \\d+\\.\\d+\\.\\d+.*\\n");
  }

  @Test
  void malformedTomlExitsTwoNamesFileAndLineAndWritesNothing() throws Exception {
    Path project = copyOfHello();
    Files.writeString(
        project.resolve("Manifest.toml"),
        "manifest_format = \"2.0\"\n\n"
            + "[[deps.Example]\nuuid = \"7876af07-990d-54b4-ab0e-23690620f79a\"\n");
    Path target = tmp.resolve("never");

    Cli run = Cli.run("strip", project.toString(), "--output", target.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("juliapod strip: " + project.resolve("Manifest.toml") + ":3: not valid TOML");
    assertThat(run.out()).isEmpty();
    assertThat(target).doesNotExist();
  }

  @Test
  void manifestThatDoesNotMatchItsProject() throws Exception {
    Path project = copyOfHello();
    Files.writeString(
        project.resolve("Project.toml"),
        Files.readString(project.resolve("Project.toml"))
            .replace("[deps]\n", "[deps]\nCSV = \"336ed68f-0bac-5ca0-87d4-7b16caf5d00b\"\n"));
    Cli run = Cli.run("strip", project.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "juliapod strip: "
                + project.resolve("Project.toml")
                + ":2: dependency CSV (336ed68f-0bac-5ca0-87d4-7b16caf5d00b) has no entry in "
                + project.resolve("Manifest.toml")
                + "; the Manifest does not match the Project: run"
                + " Pkg.resolve() and keep both files\n");
  }

  @Test
  void badPolicyOrPackageExitsTwo() {
    Cli unknown = Cli.run("strip", HELLO.toString(), "--policy", "fast");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "unknown sysimage policy \"fast\"; choose one of pinned,"
                + " strict, registered, explicit, none");

    Cli notDirect =
        Cli.run("strip", HELLO.toString(), "--policy", "explicit", "--package", "Parsers");
    assertThat(notDirect.exit()).isEqualTo(2);
    assertThat(notDirect.err()).contains("names Parsers, which is not a direct dependency");
  }

  @Test
  void missingFolderOrFileExitsTwo() throws Exception {
    Cli run = Cli.run("strip", tmp.resolve("nowhere").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("nowhere: no such folder");
    Path project = copyOfHello();
    Files.delete(project.resolve("Manifest.toml"));
    Cli noManifest = Cli.run("strip", project.toString());
    assertThat(noManifest.exit()).isEqualTo(2);
    assertThat(noManifest.err()).contains("Manifest.toml: file not found");
  }

  @Test
  void refusesToOverwriteTheProjectItself() throws Exception {
    Path project = copyOfHello();
    String before = Files.readString(project.resolve("Manifest.toml"));
    Cli run = Cli.run("strip", project.toString(), "--output", project.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("is the project folder itself");
    assertThat(Files.readString(project.resolve("Manifest.toml"))).isEqualTo(before);
  }
}
