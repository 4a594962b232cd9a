package dev.juliapod.julia;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real Project/Manifest pairs from public Julia repositories (fixtures/manifests, each with its
 * SOURCE.txt). None is pinned upstream, so the test pins every other direct dependency and every
 * third other entry, then runs every policy.
 */
class RealManifestsTest {
  static Stream<Path> fixtures() throws Exception {
    Path root = resource("/fixtures/manifests");
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(RealManifestsTest.class.getResource(name).toURI());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void everyPolicyOnTheUpstreamFiles(Path dir) throws Exception {
    JuliaEnvironment env = JuliaEnvironment.load(dir);
    assertThat(env.manifest().size()).isPositive();
    for (SysimagePolicy policy :
        List.of(
            SysimagePolicy.PINNED,
            SysimagePolicy.STRICT,
            SysimagePolicy.REGISTERED,
            SysimagePolicy.NONE)) {
      StripResult result = Stripper.strip(env, policy);
      StripInvariants.check(env, result);
    }
    // Nothing is pinned upstream: Pinned bakes the stdlib direct deps only.
    StripResult pinned = Stripper.strip(env, SysimagePolicy.PINNED);
    assertThat(pinned.baked())
        .allSatisfy(p -> assertThat(env.manifest().entry(p.uuid()).isStdlib()).isTrue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void everyPolicyWithPins(Path dir) throws Exception {
    JuliaEnvironment upstream = JuliaEnvironment.load(dir);
    JuliaEnvironment env = withPins(upstream);
    List<String> unpinnedDirect =
        env.project().deps().values().stream()
            .map(env.manifest()::entry)
            .filter(e -> !e.pinned() && !e.isStdlib())
            .map(PackageEntry::uuid)
            .toList();

    for (SysimagePolicy policy :
        List.of(SysimagePolicy.PINNED, SysimagePolicy.STRICT, SysimagePolicy.REGISTERED)) {
      StripResult result = Stripper.strip(env, policy);
      JuliaEnvironment out = StripInvariants.check(env, result);
      assertThat(Stripper.strip(out, policy).changed()).as("%s twice", policy).isFalse();
      if (policy == SysimagePolicy.PINNED) {
        PkgRmReference.Result pkg = PkgRmReference.rm(env, unpinnedDirect);
        assertThat(
                out.manifest().entries().stream()
                    .map(PackageEntry::uuid)
                    .collect(Collectors.toSet()))
            .isEqualTo(pkg.manifest());
        assertThat(out.project().deps()).isEqualTo(pkg.projectDeps());
      }
    }
    List<String> pinnedDirect =
        env.project().deps().entrySet().stream()
            .filter(d -> env.manifest().entry(d.getValue()).pinned())
            .map(Map.Entry::getKey)
            .toList();
    if (!pinnedDirect.isEmpty()) {
      try {
        StripInvariants.check(env, Stripper.strip(env, SysimagePolicy.EXPLICIT, pinnedDirect));
      } catch (InvalidEnvironmentException e) {
        assertThat(e.getMessage()).contains("cannot be baked");
      }
    }
  }

  /** Adds `pinned = true` to chosen entries, right under their header as Pkg would. */
  static JuliaEnvironment withPins(JuliaEnvironment env) throws Exception {
    List<String> direct = new ArrayList<>(env.project().deps().keySet());
    direct.sort(null);
    List<String> pin = new ArrayList<>();
    for (int i = 0; i < direct.size(); i += 2) {
      pin.add(direct.get(i));
    }
    List<PackageEntry> others =
        env.manifest().entries().stream()
            .filter(e -> !direct.contains(e.name()) && !e.isStdlib())
            .toList();
    for (int i = 0; i < others.size(); i += 3) {
      pin.add(others.get(i).name());
    }
    String prefix = env.manifest().format() == Manifest.Format.V2 ? "[[deps." : "[[";
    StringBuilder manifest = new StringBuilder();
    for (String line : ManifestLayoutScanner.splitLines(env.manifest().layout().text())) {
      manifest.append(line);
      String header = line.strip();
      if (header.startsWith(prefix)
          && pin.contains(header.substring(prefix.length(), header.length() - 2))
          && !env.manifest().entries().stream()
              .filter(e -> header.endsWith(e.name() + "]]"))
              .allMatch(PackageEntry::isStdlib)) {
        manifest.append("pinned = true\n");
      }
    }
    return JuliaEnvironment.parse(
        env.project().text(), env.project().file(), manifest.toString(), env.manifest().file());
  }
}
