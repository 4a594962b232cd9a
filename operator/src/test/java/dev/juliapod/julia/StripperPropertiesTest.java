package dev.juliapod.julia;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of stripping over generated dependency graphs (cycles included). */
class StripperPropertiesTest {
  private static final List<SysimagePolicy> POLICIES =
      List.of(
          SysimagePolicy.PINNED,
          SysimagePolicy.STRICT,
          SysimagePolicy.REGISTERED,
          SysimagePolicy.NONE);

  @Property(tries = 300)
  void outputIsClosedReasonedAndStableUnderEveryPolicy(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int size) throws Exception {
    EnvBuilder b = RandomEnvironments.generate(seed, size);
    JuliaEnvironment env = b.env();
    for (SysimagePolicy policy : POLICIES) {
      StripResult result = Stripper.strip(env, policy);
      JuliaEnvironment out = StripInvariants.check(env, result);

      StripResult again = Stripper.strip(out, policy);
      assertThat(again.changed())
          .as("%s: stripping the output again changes nothing", policy)
          .isFalse();
      assertThat(again.hash()).isEqualTo(result.hash());
    }
  }

  @Property(tries = 300)
  void pinnedLeavesWhatPkgRmLeaves(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int size)
      throws Exception {
    JuliaEnvironment env = RandomEnvironments.generate(seed, size).env();
    List<String> unpinnedDirect =
        env.project().deps().values().stream()
            .map(env.manifest()::entry)
            .filter(e -> !e.pinned() && !e.isStdlib())
            .map(PackageEntry::uuid)
            .toList();

    StripResult result = Stripper.strip(env, SysimagePolicy.PINNED);
    JuliaEnvironment out = StripInvariants.check(env, result);
    PkgRmReference.Result pkg = PkgRmReference.rm(env, unpinnedDirect);

    assertThat(
            out.manifest().entries().stream().map(PackageEntry::uuid).collect(Collectors.toSet()))
        .isEqualTo(pkg.manifest());
    assertThat(out.project().deps()).isEqualTo(pkg.projectDeps());
  }

  @Property(tries = 300)
  void pinnedKeepsEveryPinnedDirectDependencyClearOfUnpinnedOnes(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int size) throws Exception {
    JuliaEnvironment env = RandomEnvironments.generate(seed, size).env();
    Set<String> unpinnedDirect =
        env.project().deps().values().stream()
            .filter(
                uuid ->
                    !env.manifest().entry(uuid).pinned() && !env.manifest().entry(uuid).isStdlib())
            .collect(Collectors.toSet());
    Set<String> stripped =
        Stripper.strip(env, SysimagePolicy.PINNED).stripped().stream()
            .map(StrippedPackage::uuid)
            .collect(Collectors.toSet());

    for (String uuid : env.project().deps().values()) {
      PackageEntry entry = env.manifest().entry(uuid);
      if (entry.pinned()
          && closure(env.manifest(), uuid).stream().noneMatch(unpinnedDirect::contains)) {
        assertThat(stripped).as("pinned %s", entry.name()).doesNotContain(uuid);
      }
    }
  }

  @Property(tries = 200)
  void hashIgnoresChangesToUnpinnedPackages(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int size) throws Exception {
    EnvBuilder before = RandomEnvironments.generate(seed, size);
    EnvBuilder after = RandomEnvironments.generate(seed, size);
    Random random = new Random(seed);
    List<String> existing = after.pkgs.stream().map(p -> p.name).toList();
    EnvBuilder.Pkg added = after.pkg("NewUnpinned").deps("NewPrivate");
    added.deps(existing.get(random.nextInt(existing.size())));
    added.direct();
    after.pkg("NewPrivate").deps(existing.get(random.nextInt(existing.size())));
    // A version bump of an unpinned direct dependency that nothing pinned needs.
    JuliaEnvironment beforeEnv = before.env();
    Set<String> needed = new HashSet<>();
    for (String uuid :
        Stripper.strip(beforeEnv, SysimagePolicy.PINNED).baked().stream()
            .map(BakedPackage::uuid)
            .toList()) {
      needed.addAll(closure(beforeEnv.manifest(), uuid));
    }
    after.pkgs.stream()
        .filter(p -> !p.stdlib && !p.pinned && after.direct.contains(p) && !needed.contains(p.uuid))
        .forEach(p -> p.version("99.0.0"));

    assertThat(Stripper.strip(after.env(), SysimagePolicy.PINNED).hash())
        .isEqualTo(Stripper.strip(beforeEnv, SysimagePolicy.PINNED).hash());
  }

  @Property(tries = 200)
  void manifestV1AndV2GiveTheSameResult(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int size) throws Exception {
    EnvBuilder b = RandomEnvironments.generate(seed, size);
    for (SysimagePolicy policy : POLICIES) {
      StripResult v1 = Stripper.strip(b.envV1(), policy);
      StripResult v2 = Stripper.strip(b.env(), policy);
      StripInvariants.check(b.envV1(), v1);
      assertThat(v1.stripped()).isEqualTo(v2.stripped());
      assertThat(v1.baked()).isEqualTo(v2.baked());
      assertThat(v1.hash()).isEqualTo(v2.hash());
    }
  }

  @Property(tries = 200)
  void explicitBakesTheListOrSaysWhyItCannot(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int size) throws Exception {
    JuliaEnvironment env = RandomEnvironments.generate(seed, size).env();
    Random random = new Random(seed);
    List<String> listed = new ArrayList<>();
    env.project()
        .deps()
        .keySet()
        .forEach(
            name -> {
              if (random.nextBoolean()) {
                listed.add(name);
              }
            });
    if (listed.isEmpty()) {
      listed.add(env.project().deps().keySet().iterator().next());
    }
    Set<String> notListed =
        env.project().deps().entrySet().stream()
            .filter(
                d -> !listed.contains(d.getKey()) && !env.manifest().entry(d.getValue()).isStdlib())
            .map(java.util.Map.Entry::getValue)
            .collect(Collectors.toSet());
    boolean feasible =
        listed.stream()
            .map(env.project().deps()::get)
            .allMatch(
                uuid -> closure(env.manifest(), uuid).stream().noneMatch(notListed::contains));
    try {
      StripResult result = Stripper.strip(env, SysimagePolicy.EXPLICIT, listed);
      assertThat(feasible).isTrue();
      StripInvariants.check(env, result);
      assertThat(result.baked().stream().map(BakedPackage::name)).containsAll(listed);
      assertThat(
              Stripper.strip(StripInvariants.check(env, result), SysimagePolicy.EXPLICIT, listed)
                  .changed())
          .isFalse();
    } catch (InvalidEnvironmentException e) {
      assertThat(feasible).as(e.getMessage()).isFalse();
      assertThat(e.getMessage()).contains("cannot be baked");
    }
  }

  private static Set<String> closure(Manifest manifest, String root) {
    Set<String> seen = new HashSet<>(Set.of(root));
    Deque<String> work = new ArrayDeque<>(seen);
    while (!work.isEmpty()) {
      for (String dep : manifest.entry(work.removeFirst()).deps().values()) {
        if (seen.add(dep)) {
          work.add(dep);
        }
      }
    }
    return seen;
  }
}
