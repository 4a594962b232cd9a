package dev.juliapod.julia;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Why a package was dropped, kept as data until the strip knows what finally leaves the Manifest: a
 * package can be dropped from baking and still stay, when a package project's own Manifest entry
 * needs it, and its dependents' reasons must not call it stripped then.
 *
 * @param template the reason, with `%s` where the causes go; no `%s` when there are none
 * @param causes uuids of the dropped packages this one follows from
 */
record Drop(String template, List<String> causes) {
  static Drop because(String reason) {
    return new Drop(reason, List.of());
  }

  String render(Function<String, String> names, Set<String> kept) {
    if (causes.isEmpty()) {
      return template;
    }
    List<String> gone = new ArrayList<>();
    List<String> stayed = new ArrayList<>();
    for (String uuid : causes) {
      (kept.contains(uuid) ? stayed : gone).add(names.apply(uuid));
    }
    String stripped = gone.isEmpty() ? "" : String.join(", ", gone) + " (stripped)";
    String notBaked = stayed.isEmpty() ? "" : String.join(", ", stayed) + " (not baked)";
    return template.formatted(
        stripped.isEmpty() || notBaked.isEmpty()
            ? stripped + notBaked
            : stripped + " and " + notBaked);
  }
}
