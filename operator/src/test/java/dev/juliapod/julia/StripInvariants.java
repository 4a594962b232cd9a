package dev.juliapod.julia;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tomlj.Toml;

/** What must hold for every strip, checked by reading the output back as Pkg would. */
final class StripInvariants {
  private static final Pattern NAMED =
      Pattern.compile(
          "(?:depends on|only reachable through|needed by) ([^()]+?)(?: \\(stripped.*\\))?$");

  private StripInvariants() {}

  static JuliaEnvironment check(JuliaEnvironment in, StripResult result) throws Exception {
    JuliaEnvironment out =
        JuliaEnvironment.parse(
            result.projectToml(), "out/Project.toml", result.manifestToml(), "out/Manifest.toml");
    Manifest kept = out.manifest();
    Set<String> strippedUuids =
        result.stripped().stream().map(StrippedPackage::uuid).collect(Collectors.toSet());

    for (PackageEntry entry : kept.entries()) {
      assertThat(entry.deps().values())
          .as("deps of kept %s", entry.name())
          .allSatisfy(
              dep ->
                  assertThat(kept.contains(dep) && !strippedUuids.contains(dep))
                      .as("%s is kept", dep)
                      .isTrue());
      PackageEntry before = in.manifest().entry(entry.uuid());
      assertThat(before).as("kept %s was in the input", entry.name()).isNotNull();
      assertThat(Toml.equals(before.table(), entry.table()))
          .as("kept %s unchanged", entry.name())
          .isTrue();
    }
    Set<String> removed = new HashSet<>();
    for (PackageEntry entry : in.manifest().entries()) {
      if (!kept.contains(entry.uuid())) {
        removed.add(entry.uuid());
        assertThat(entry.isStdlib() ? result.prunedStdlibs() : strippedUuids)
            .as("removed %s is reported", entry.name())
            .contains(entry.isStdlib() ? entry.name() : entry.uuid());
      }
    }
    assertThat(removed).containsAll(strippedUuids);
    Set<String> strippedNames =
        result.stripped().stream().map(StrippedPackage::name).collect(Collectors.toSet());
    for (StrippedPackage p : result.stripped()) {
      assertThat(in.manifest().entry(p.uuid()).isStdlib()).as("stdlib %s", p.name()).isFalse();
      assertThat(p.reason()).isNotBlank();
      Matcher names = NAMED.matcher(p.reason());
      if (names.find()) {
        assertThat(List.of(names.group(1).split(", ")))
            .as("reason of %s names stripped packages", p.name())
            .allSatisfy(n -> assertThat(strippedNames).contains(n));
      }
    }
    if (result.policy() == SysimagePolicy.NONE) {
      assertThat(result.baked()).isEmpty();
    } else {
      assertThat(result.baked().stream().map(BakedPackage::uuid).toList())
          .containsExactlyElementsOf(out.project().deps().values());
    }
    if (!result.changed()) {
      assertThat(result.projectToml()).isEqualTo(in.project().text());
      assertThat(result.manifestToml()).isEqualTo(in.manifest().layout().text());
    }
    return out;
  }

  static Map<String, String> reasons(StripResult result) {
    return result.stripped().stream()
        .collect(
            Collectors.toMap(
                StrippedPackage::name,
                StrippedPackage::reason,
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }
}
