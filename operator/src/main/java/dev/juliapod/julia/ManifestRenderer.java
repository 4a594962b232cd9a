package dev.juliapod.julia;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the stripped Manifest by taking whole entry blocks out of the original text, so every kept
 * entry, comment and unknown key stays byte for byte and the format stays the input's.
 *
 * <p>`project_hash` is removed rather than recomputed. Its definition changed across Pkg versions
 * (deps and compat in 1.8; weakdeps added in 1.9; workspaces and sources later), and compat enters
 * it in Pkg's normalised VersionSpec form, so a recomputed value would be right only for the Pkg
 * version we imitated. A missing hash is safe everywhere: Pkg's `is_manifest_current` answers
 * `nothing` ("unknown") and its callers only warn on `false`, while a wrong hash makes Pkg warn
 * that the Manifest is stale.
 */
final class ManifestRenderer {
  private ManifestRenderer() {}

  static String render(Manifest manifest, Set<String> keep) {
    ManifestLayout layout = manifest.layout();
    List<String> lines = layout.lines();
    boolean[] drop = new boolean[lines.size()];
    for (Map.Entry<String, int[]> block : layout.blocks().entrySet()) {
      if (!keep.contains(block.getKey())) {
        for (int i = block.getValue()[0]; i < block.getValue()[1]; i++) {
          drop[i] = true;
        }
      }
    }
    if (layout.projectHashLine() >= 0) {
      drop[layout.projectHashLine()] = true;
    }
    StringBuilder out = new StringBuilder(layout.text().length());
    for (int i = 0; i < lines.size(); i++) {
      if (!drop[i]) {
        out.append(lines.get(i));
      }
    }
    trimTrailingBlankLines(out, trailingBlankLines(lines));
    return out.toString();
  }

  /** Removing the last entry leaves the blank line that separated it; the input had none. */
  private static void trimTrailingBlankLines(StringBuilder out, int allowed) {
    List<String> lines = ManifestLayoutScanner.splitLines(out.toString());
    int blank = trailingBlankLines(lines);
    int cut = 0;
    for (int i = 0; i < blank - allowed; i++) {
      cut += lines.get(lines.size() - 1 - i).length();
    }
    out.setLength(out.length() - cut);
  }

  private static int trailingBlankLines(List<String> lines) {
    int n = 0;
    while (n < lines.size() && lines.get(lines.size() - 1 - n).isBlank()) {
      n++;
    }
    return n;
  }
}
