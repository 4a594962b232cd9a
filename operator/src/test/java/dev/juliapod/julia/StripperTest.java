package dev.juliapod.julia;

import static dev.juliapod.julia.StripInvariants.reasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule and edge of docs/design.md, "Stripping", on small hand-made environments. */
class StripperTest {
  /** DataFrames (pinned) and CSV (unpinned) share Tables; Parsers is CSV's alone. */
  private static EnvBuilder csvAndDataFrames() {
    EnvBuilder b = new EnvBuilder();
    b.pkg("CSV").deps("Parsers", "Tables").direct();
    b.pkg("DataFrames").deps("Tables", "Dates").pinned().direct();
    b.pkg("Tables").deps("DataAPI");
    b.pkg("DataAPI");
    b.pkg("Parsers").deps("Dates");
    b.stdlib("Dates");
    b.stdlib("LinearAlgebra").direct();
    return b;
  }

  private static StripResult strip(EnvBuilder b, SysimagePolicy policy, String... packages)
      throws Exception {
    JuliaEnvironment env = b.env();
    StripResult result = Stripper.strip(env, policy, List.of(packages));
    StripInvariants.check(env, result);
    return result;
  }

  private static List<String> names(List<? extends Record> packages) {
    return packages.stream()
        .map(p -> p instanceof BakedPackage b ? b.name() : ((StrippedPackage) p).name())
        .toList();
  }

  @Test
  void sharedDependencyStaysAndWhatOnlyTheUnpinnedNeedGoes() throws Exception {
    StripResult result = strip(csvAndDataFrames(), SysimagePolicy.PINNED);

    assertThat(names(result.baked())).containsExactly("DataFrames", "LinearAlgebra");
    assertThat(reasons(result))
        .containsExactly(
            java.util.Map.entry("CSV", "unpinned direct dependency"),
            java.util.Map.entry("Parsers", "only reachable through CSV"));
    assertThat(result.manifestToml())
        .contains("[[deps.Tables]]", "[[deps.DataAPI]]", "[[deps.Dates]]")
        .doesNotContain("[[deps.CSV]]", "[[deps.Parsers]]");
    assertThat(result.projectToml()).doesNotContain("CSV").contains("DataFrames");
  }

  @Test
  void pinnedPackageThatDependsOnAnUnpinnedDirectDependencyIsDropped() throws Exception {
    EnvBuilder b = csvAndDataFrames();
    b.pkg("CSVExtras").deps("CSV").pinned().direct();
    b.pkg("Plugin").deps("CSVExtras").pinned();
    b.pkg("Host").deps("Plugin").pinned().direct();

    StripResult result = strip(b, SysimagePolicy.PINNED);

    assertThat(reasons(result))
        .containsEntry("CSVExtras", "depends on CSV (stripped)")
        .containsEntry("Plugin", "depends on CSVExtras (stripped)")
        .containsEntry("Host", "depends on Plugin (stripped)");
    assertThat(names(result.baked())).containsExactly("DataFrames", "LinearAlgebra");
    assertThat(names(result.stripped())).startsWith("CSV").endsWith("Parsers");
  }

  @Test
  void stdlibsAreNeverStripped() throws Exception {
    EnvBuilder b = new EnvBuilder();
    b.pkg("Plots").deps("Printf", "Statistics").direct();
    b.stdlib("Printf").deps("Unicode").direct();
    b.stdlib("Unicode");
    b.stdlib("Statistics");

    StripResult result = strip(b, SysimagePolicy.STRICT);

    assertThat(names(result.baked())).containsExactly("Printf");
    assertThat(names(result.stripped())).containsExactly("Plots");
    // Statistics only served Plots: Pkg drops its entry, but it ships with Julia.
    assertThat(result.prunedStdlibs()).containsExactly("Statistics");
    assertThat(result.manifestToml()).contains("[[deps.Printf]]", "[[deps.Unicode]]");
  }

  @Test
  void weakDependenciesAreNotFollowed() throws Exception {
    EnvBuilder b = new EnvBuilder();
    b.pkg("Plots").deps("Colors").direct();
    b.pkg("Colors");
    b.pkg("Makie")
        .weakdeps("Plots")
        .line("\n    [deps.Makie.extensions]\n    PlotsExt = \"Plots\"")
        .pinned()
        .direct();

    StripResult result = strip(b, SysimagePolicy.PINNED);

    assertThat(names(result.baked())).containsExactly("Makie");
    assertThat(names(result.stripped())).containsExactly("Plots", "Colors");
    assertThat(result.manifestToml())
        .contains("weakdeps = [\"Plots\"]", "[deps.Makie.extensions]\n    PlotsExt = \"Plots\"");
  }

  @Test
  void manifestV1GivesTheSameResultAsV2() throws Exception {
    EnvBuilder b = csvAndDataFrames();
    StripResult v2 = Stripper.strip(b.env(), SysimagePolicy.PINNED);
    StripResult v1 = Stripper.strip(b.envV1(), SysimagePolicy.PINNED);
    StripInvariants.check(b.envV1(), v1);

    assertThat(v1.stripped()).isEqualTo(v2.stripped());
    assertThat(v1.baked()).isEqualTo(v2.baked());
    assertThat(v1.hash()).isEqualTo(v2.hash());
    assertThat(v1.manifestToml())
        .startsWith("# This file")
        .contains("\n[[Tables]]\n")
        .doesNotContain("[[CSV]]", "manifest_format");
  }

  @Test
  void repeatedNamesAreTellApartByTheirDepsTables() throws Exception {
    EnvBuilder b = new EnvBuilder();
    String forkUuid = "11111111-2222-3333-4444-555555555555";
    b.pkg("Utils").version("2.0.0").pinned();
    b.pkg("Utils").uuid(forkUuid).version("0.1.0");
    b.pkg("Good").dep("Utils", EnvBuilder.uuid("Utils")).pinned().direct();
    b.pkg("Bad").dep("Utils", forkUuid).direct();

    StripResult result = strip(b, SysimagePolicy.PINNED);

    assertThat(result.stripped())
        .extracting(StrippedPackage::uuid)
        .containsExactly(EnvBuilder.uuid("Bad"), forkUuid);
    assertThat(result.manifestToml())
        .contains("uuid = \"" + EnvBuilder.uuid("Utils") + "\"")
        .doesNotContain(forkUuid);
  }

  @Test
  void nothingDroppedMeansNothingChanges() throws Exception {
    EnvBuilder b = new EnvBuilder();
    b.pkg("A").deps("B").pinned().direct();
    b.pkg("B");
    b.pkg("Orphan"); // Pkg.rm would prune it, but Pkg.rm does nothing when no dep goes
    b.stdlib("Dates").direct();
    JuliaEnvironment env = b.env();

    StripResult result = Stripper.strip(env, SysimagePolicy.PINNED);

    assertThat(result.changed()).isFalse();
    assertThat(result.manifestToml()).isEqualTo(b.manifestV2()).contains("project_hash");
    assertThat(result.projectToml()).isEqualTo(b.projectToml());
    assertThat(names(result.baked())).containsExactly("A", "Dates");
  }

  @Test
  void aChangedManifestLosesItsStaleProjectHash() throws Exception {
    StripResult result = strip(csvAndDataFrames(), SysimagePolicy.PINNED);
    assertThat(result.manifestToml())
        .doesNotContain("project_hash")
        .startsWith(
            "# This file is machine-generated - editing it directly is not advised\n\n"
                + "julia_version = \"1.10.5\"\nmanifest_format = \"2.0\"\n\n[[deps.DataAPI]]\n");
  }

  @Test
  void keptEntriesKeepUnknownKeysAndTheirBytes() throws Exception {
    EnvBuilder b = csvAndDataFrames();
    b.pkg("Local")
        .path("../Local")
        .line("entryfile = \"src/Main.jl\"")
        .line("# why: a fork")
        .pinned()
        .direct();
    StripResult result = strip(b, SysimagePolicy.PINNED);

    String local = b.manifestV2().substring(b.manifestV2().indexOf("[[deps.Local]]"));
    local = local.substring(0, local.indexOf("[[deps.", 5));
    assertThat(result.manifestToml()).contains(local);
  }

  @Test
  void outputIsTheSameBytesEveryTime() throws Exception {
    EnvBuilder b = csvAndDataFrames();
    StripResult first = Stripper.strip(b.env(), SysimagePolicy.PINNED);
    StripResult second = Stripper.strip(b.env(), SysimagePolicy.PINNED);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void projectCompatTargetsAndSourcesFollowPkgRm() throws Exception {
    EnvBuilder b = csvAndDataFrames();
    b.project(
        """
        [compat]
        CSV = "0.10"
        DataFrames = "1.6"
        Test = "1"
        julia = "1.10"

        [extras]
        Test = "8dfed614-e22c-5e08-85e1-65c5234f0b40"

        [sources]
        CSV = {url = "https://github.com/JuliaData/CSV.jl"}

        [targets]
        bench = ["CSV"]
        test = ["CSV", "Test"]""");
    StripResult result = strip(b, SysimagePolicy.PINNED);

    assertThat(result.projectToml())
        .isEqualTo(
            """
        [deps]
        DataFrames = "%s"
        LinearAlgebra = "%s"

        [compat]
        DataFrames = "1.6"
        Test = "1"
        julia = "1.10"

        [extras]
        Test = "8dfed614-e22c-5e08-85e1-65c5234f0b40"

        [targets]
        test = ["Test"]
        """
                .formatted(EnvBuilder.uuid("DataFrames"), EnvBuilder.uuid("LinearAlgebra")));
  }

  @Test
  void theProjectsOwnEntryIsKept() throws Exception {
    EnvBuilder b = new EnvBuilder();
    b.pkg("MyPkg").path("..").deps("Example", "CSV").pinned();
    b.pkg("Documenter").direct();
    b.pkg("Example").pinned().direct();
    b.pkg("CSV");
    b.header("name = \"MyPkg\"").header("uuid = \"" + EnvBuilder.uuid("MyPkg") + "\"");

    StripResult result = strip(b, SysimagePolicy.PINNED);

    assertThat(names(result.stripped())).containsExactly("Documenter");
    assertThat(result.manifestToml()).contains("[[deps.MyPkg]]", "[[deps.CSV]]");
  }

  @Test
  void aPackageProjectListedInItsOwnManifestKeepsWhatItNeeds() throws Exception {
    EnvBuilder b = csvAndDataFrames();
    b.pkg("MyApp").path(".").deps("CSV", "DataFrames");
    b.header("name = \"MyApp\"").header("uuid = \"" + EnvBuilder.uuid("MyApp") + "\"");

    StripResult result = strip(b, SysimagePolicy.PINNED);

    // Pkg.rm drops CSV from [deps] but prune_manifest keeps MyApp's entry and its closure.
    assertThat(names(result.baked())).containsExactly("DataFrames", "LinearAlgebra");
    assertThat(result.stripped()).isEmpty();
    assertThat(result.keptUnbaked()).containsExactly("CSV");
    assertThat(result.projectToml()).doesNotContain("CSV = ");
    assertThat(result.manifestToml()).contains("[[deps.CSV]]", "[[deps.Parsers]]");
  }

  @Test
  void hashIgnoresUnpinnedOnlyChanges() throws Exception {
    EnvBuilder before = csvAndDataFrames();
    EnvBuilder after = csvAndDataFrames();
    after.pkgs.stream()
        .filter(p -> p.name.equals("CSV") || p.name.equals("Parsers"))
        .forEach(p -> p.version("9.9.9"));
    after.pkg("Plots").deps("Tables", "GR").direct();
    after.pkg("GR");

    assertThat(strip(after, SysimagePolicy.PINNED).hash())
        .isEqualTo(strip(before, SysimagePolicy.PINNED).hash());
    EnvBuilder pinnedChange = csvAndDataFrames();
    pinnedChange.pkgs.stream()
        .filter(p -> p.name.equals("Tables"))
        .forEach(p -> p.version("2.0.0"));
    assertThat(strip(pinnedChange, SysimagePolicy.PINNED).hash())
        .isNotEqualTo(strip(before, SysimagePolicy.PINNED).hash());
  }

  @Test
  void strictAlsoDropsUnpinnedPackagesBehindUnpinnedDirectDependencies() throws Exception {
    StripResult result = strip(csvAndDataFrames(), SysimagePolicy.STRICT);
    // Tables is unpinned and CSV needs it, so strict drops it and DataFrames with it.
    assertThat(reasons(result))
        .containsEntry("CSV", "unpinned direct dependency")
        .containsEntry("Tables", "unpinned, needed by CSV (stripped); policy strict")
        .containsEntry("DataFrames", "depends on Tables (stripped)")
        .containsEntry("DataAPI", "unpinned, needed by Tables (stripped); policy strict");
    assertThat(names(result.baked())).containsExactly("LinearAlgebra");

    EnvBuilder pinnedShared = csvAndDataFrames();
    pinnedShared.pkgs.stream().filter(p -> p.name.equals("Tables")).forEach(EnvBuilder.Pkg::pinned);
    StripResult kept = strip(pinnedShared, SysimagePolicy.STRICT);
    assertThat(names(kept.baked())).containsExactly("DataFrames", "LinearAlgebra");
  }

  @Test
  void registeredDropsWhatIsTrackedByPathOrUrl() throws Exception {
    EnvBuilder b = new EnvBuilder();
    b.pkg("Dev").path("dev/Dev").deps("Example").pinned().direct();
    b.pkg("Fork").repo("https://example.org/Fork.jl.git").direct();
    b.pkg("Uses").deps("Fork").direct();
    b.pkg("Example").direct();

    StripResult result = strip(b, SysimagePolicy.REGISTERED);

    assertThat(reasons(result))
        .containsEntry("Dev", "tracked by path \"dev/Dev\", not a registry")
        .containsEntry(
            "Fork", "tracked by repo-url https://example.org/Fork.jl.git, not a registry")
        .containsEntry("Uses", "depends on Fork (stripped)");
    assertThat(names(result.baked())).containsExactly("Example");
  }

  @Test
  void explicitBakesTheListedPackagesOnly() throws Exception {
    StripResult result = strip(csvAndDataFrames(), SysimagePolicy.EXPLICIT, "CSV");
    assertThat(names(result.baked())).containsExactly("CSV", "LinearAlgebra");
    assertThat(reasons(result))
        .containsEntry("DataFrames", "direct dependency not in the explicit package list");
  }

  @Test
  void explicitListsThatCannotBeHonouredAreInputErrors() {
    assertThatThrownBy(() -> strip(csvAndDataFrames(), SysimagePolicy.EXPLICIT, "Tables"))
        .isInstanceOf(InvalidEnvironmentException.class)
        .hasMessage(
            "Project.toml: the explicit package list names Tables, which is not a"
                + " direct dependency; choose from CSV, DataFrames, LinearAlgebra");
    assertThatThrownBy(() -> strip(csvAndDataFrames(), SysimagePolicy.EXPLICIT))
        .hasMessageContaining("list the direct dependencies to bake");
    assertThatThrownBy(() -> strip(csvAndDataFrames(), SysimagePolicy.PINNED, "CSV"))
        .hasMessageContaining("only used by policy explicit");

    EnvBuilder b = csvAndDataFrames();
    b.pkg("CSVExtras").deps("CSV").direct();
    assertThatThrownBy(() -> strip(b, SysimagePolicy.EXPLICIT, "CSVExtras", "DataFrames"))
        .hasMessage(
            "Project.toml:3: CSVExtras is in the explicit package list but cannot be"
                + " baked: it depends on CSV (stripped); add those packages to the list too");
  }

  @Test
  void noneBakesNothingAndStripsNothing() throws Exception {
    StripResult result = strip(csvAndDataFrames(), SysimagePolicy.NONE);
    assertThat(result.baked()).isEmpty();
    assertThat(result.stripped()).isEmpty();
    assertThat(result.changed()).isFalse();
  }
}
