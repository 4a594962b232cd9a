package dev.juliapod.julia;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Depot paths as Julia computes them. The two slugs are the directory names of Julia's own test
 * depot for its test project's Manifest (JuliaLang/julia test/project/Manifest.toml and
 * test/depot/packages/Baz/81oLe, test/depot/packages/Foo/I05Qq): Julia's loading finds those
 * packages there, so a slug that differs is a path Julia would not look in.
 */
class DepotLayoutTest {
  static final Path HELLO =
      Path.of(System.getProperty("basedir", ".")).resolve("../examples/hello").normalize();

  @Test
  void versionSlugsAreTheOnesInJuliasOwnTestDepot() {
    assertThat(
            DepotLayout.versionSlug(
                "6801f525-dc68-44e8-a4e8-cabd286279e7", "efc7e24c53d6a328011975294a2c75fed2f9800a"))
        .isEqualTo("81oLe");
    assertThat(
            DepotLayout.versionSlug(
                "767738be-2f1f-45a9-b806-0234f3164144", "7c626031568a5e432112a74009c3763f9b851e3e"))
        .isEqualTo("I05Qq");
  }

  @Test
  void slugsAreBase62LeastSignificantDigitFirst() {
    assertThat(DepotLayout.slug(0, 5)).isEqualTo("AAAAA");
    assertThat(DepotLayout.slug(61, 5)).isEqualTo("9AAAA");
    assertThat(DepotLayout.slug(62, 5)).isEqualTo("ABAAA");
    assertThat(DepotLayout.slug(0xFFFFFFFFL, 5)).hasSize(5);
  }

  @Test
  void registeredPackagesLiveInTheDepotAndStdlibsAndPathsDoNot() throws Exception {
    Manifest manifest = JuliaEnvironment.load(HELLO).manifest();
    JuliaVersion julia = JuliaVersion.parse("1.11.7");

    for (PackageEntry entry : manifest.entries()) {
      String dir = DepotLayout.packageDir(entry);
      if (entry.isStdlib()) {
        assertThat(dir).as(entry.name()).isNull();
      } else {
        assertThat(dir).as(entry.name()).matches("packages/" + entry.name() + "/[A-Za-z0-9]{5}");
      }
      assertThat(DepotLayout.compiledPrefix(entry, julia))
          .matches("compiled/v1\\.11/" + entry.name() + "/[A-Za-z0-9]{5}_");
    }
    assertThat(DepotLayout.packageDirs(manifest))
        .hasSize((int) manifest.entries().stream().filter(e -> !e.isStdlib()).count())
        .doesNotHaveDuplicates();
    assertThat(Files.readString(HELLO.resolve("Manifest.toml"))).contains("git-tree-sha1");
  }

  @Test
  void aPathTrackedPackageIsBesideTheManifestNotInTheDepot() throws Exception {
    Manifest manifest =
        ManifestReader.read(
            """
            julia_version = "1.11.7"
            manifest_format = "2.0"

            [[deps.Local]]
            path = "dev/Local"
            uuid = "11111111-2222-3333-4444-555555555555"
            version = "0.1.0"
            git-tree-sha1 = "efc7e24c53d6a328011975294a2c75fed2f9800a"
            """,
            "Manifest.toml");

    assertThat(DepotLayout.packageDirs(manifest)).isEmpty();
  }

  /**
   * A real Manifest with extensions (fixtures/manifests, 8bury/batalha-naval-julia, written by
   * Julia 1.12.6): every registered package has its source directory and compiled prefix, each
   * extension its own compiled directory under its own name, and stdlibs (Serialization) neither.
   */
  @Test
  void aRealManifestsDepotPathsFollowFromItAlone() throws Exception {
    Path dir =
        Path.of(DepotLayoutTest.class.getResource("/fixtures/manifests").toURI())
            .resolve("8bury__batalha-naval-julia__root");
    Manifest manifest = JuliaEnvironment.load(dir).manifest();
    JuliaVersion julia = JuliaVersion.parse("1.12.6");

    var compiled = DepotLayout.compiledPaths(manifest, julia);
    assertThat(compiled)
        .contains(
            "compiled/v1.12/ColorTypes/"
                + DepotLayout.packageSlug("3da002f7-5984-5a60-b8a6-cbb66c0b333f")
                + "_",
            "compiled/v1.12/StyledStringsExt/",
            "compiled/v1.12/ArrowTypesExt/",
            "compiled/v1.12/ParsersExt/")
        .noneMatch(p -> p.contains("/Serialization/"))
        .doesNotHaveDuplicates()
        .allMatch(p -> p.startsWith("compiled/v1.12/"));
    assertThat(DepotLayout.packageDirs(manifest))
        .contains(
            "packages/ColorTypes/"
                + DepotLayout.versionSlug(
                    "3da002f7-5984-5a60-b8a6-cbb66c0b333f",
                    "67e11ee83a43eb71ddc950302c53bf33f0690dfe"))
        .noneMatch(p -> p.contains("Serialization"));
    long registered =
        manifest.entries().stream().filter(e -> DepotLayout.packageDir(e) != null).count();
    long extensions = compiled.stream().filter(p -> p.endsWith("Ext/")).count();
    assertThat(compiled).hasSize((int) (registered + extensions));
    assertThat(extensions).isGreaterThanOrEqualTo(3);
    // The same Manifest for another Julia: the same packages, another compiled directory.
    assertThat(DepotLayout.compiledPaths(manifest, JuliaVersion.parse("1.10.10")))
        .hasSameSizeAs(compiled)
        .allMatch(p -> p.startsWith("compiled/v1.10/"));
  }
}
