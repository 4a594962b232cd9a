package dev.juliapod.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `juliapod repl` says which packages a session could not install without more settings. */
class PackageOriginsTest {
  @TempDir Path tmp;

  private LocalProject privateProject() throws Exception {
    Path example =
        Path.of(System.getProperty("basedir", ".")).resolve("../examples/private-registry");
    Path dir = Files.createDirectories(tmp.resolve("project"));
    Files.copy(example.resolve("Project.toml"), dir.resolve("Project.toml"));
    Files.copy(example.resolve("Manifest.toml"), dir.resolve("Manifest.toml"));
    return LocalProject.load(dir);
  }

  /** A depot with AcmeRegistry cloned into it, as Pkg.Registry.add(url=...) leaves it. */
  private Path depot() throws Exception {
    Path registry = Files.createDirectories(tmp.resolve("depot/registries/AcmeRegistry"));
    Files.writeString(
        registry.resolve("Registry.toml"),
        "name = \"AcmeRegistry\"\n"
            + "uuid = \"0b4e2f7a-8c1d-4e3f-9a2b-6c5d4e3f2a1b\"\n"
            + "repo = \"git@github.com:acme/AcmeRegistry.git\"\n\n"
            + "[packages]\n"
            + "1b7e9f3c-4d2a-4e8b-8c61-5f0a3d9e2b74 = { name = \"AcmeUtils\", path = \"A/AcmeUtils\" }\n");
    Path general = Files.createDirectories(tmp.resolve("depot/registries/General"));
    Files.writeString(
        general.resolve("Registry.toml"),
        "name = \"General\"\nrepo = \"https://github.com/JuliaRegistries/General.git\"\n\n"
            + "[packages]\n"
            + "7876af07-990d-54b4-ab0e-23690620f79a = { name = \"Example\", path = \"E/Example\" }\n");
    return tmp.resolve("depot");
  }

  @Test
  void undeclaredRegistriesAndUrlsWithoutCredentialsAreNamed() throws Exception {
    LocalProject project = privateProject();
    List<String> warnings =
        PackageOrigins.warnings(
            project.environment().manifest(), List.of(), false, List.of(depot()));
    assertThat(warnings)
        .containsExactlyInAnyOrder(
            "AcmeTools is installed from git@github.com:acme/AcmeTools.jl.git: if that repository"
                + " is private, pass --credentials-secret NAME",
            "AcmeUtils comes from the registry AcmeRegistry, which the JuliaPod does not add: pass"
                + " --registry git@github.com:acme/AcmeRegistry.git (and --credentials-secret NAME"
                + " if it is private)");
  }

  @Test
  void nothingToSayOnceTheJuliaPodDeclaresThem() throws Exception {
    LocalProject project = privateProject();
    assertThat(
            PackageOrigins.warnings(
                project.environment().manifest(),
                List.of("git@github.com:acme/AcmeRegistry.git"),
                true,
                List.of(depot())))
        .isEmpty();
    assertThat(
            PackageOrigins.warnings(
                project.environment().manifest(),
                List.of(),
                true,
                List.of(tmp.resolve("no-depot-here"))))
        .as("a registry this machine does not have: nothing to go by")
        .isEmpty();
  }

  @Test
  void theDepotsAreJuliasOwn() {
    assertThat(PackageOrigins.depots(Map.of("JULIA_DEPOT_PATH", "/a:/b:", "HOME", "/home/u")))
        .containsExactly(Path.of("/a"), Path.of("/b"));
    assertThat(PackageOrigins.depots(Map.of("HOME", "/home/u")))
        .containsExactly(Path.of("/home/u/.julia"));
  }
}
