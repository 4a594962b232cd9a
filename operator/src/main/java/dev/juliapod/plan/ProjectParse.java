package dev.juliapod.plan;

import dev.juliapod.julia.InvalidEnvironmentException;
import dev.juliapod.julia.JuliaEnvironment;
import dev.juliapod.julia.RecentlyUsed;
import java.nio.charset.StandardCharsets;

/**
 * A project's files parsed, shared by every plan of the same text: a team applies one project as
 * many JuliaPods, and parsing the Manifest with tomlj was the largest share of a first plan's CPU
 * (BENCHMARKS.md). The parsed environment is only read after parsing, so one copy serves them all.
 * Bounded by the text it holds, least recently used first out; a parse that fails is not kept (its
 * message is made again, cheaply, if the same text comes back).
 */
final class ProjectParse {
  /**
   * The session gets both files in a ConfigMap, and Kubernetes keeps a ConfigMap's data under 1
   * MiB; some room is left for the script that goes with them.
   */
  static final int MAX_PROJECT_BYTES = 1_000_000;

  /**
   * A parsed Manifest takes tens of times the memory of its text, and only parses that arrive close
   * together are shared in practice (a team applying one project, a GitOps sync): the most recent
   * few are kept, up to 2 million characters of text (64 projects the size of examples/hello, two
   * of the largest allowed).
   */
  private static final int MAX_ENTRIES = 64;

  private static final long MAX_CHARS = 2_000_000;

  private record Key(String project, String projectLabel, String manifest, String manifestLabel) {
    long chars() {
      return length(project) + length(manifest);
    }
  }

  private static final RecentlyUsed<Key, JuliaEnvironment> PARSED =
      new RecentlyUsed<>(MAX_ENTRIES, MAX_CHARS, Key::chars);

  private ProjectParse() {}

  /** The session instantiates the project, so it must parse even with a prebuilt image. */
  static JuliaEnvironment of(ProjectFiles files) throws PlanException {
    long project = utf8Length(files.projectToml());
    long manifest = utf8Length(files.manifestToml());
    if (project + manifest > MAX_PROJECT_BYTES) {
      throw new PlanException(
          String.format(
              "%s is %,d bytes and %s %,d: together they may be"
                  + " at most %,d, since the session receives them in a ConfigMap (Kubernetes keeps a"
                  + " ConfigMap under 1 MiB): remove packages the project does not use, or split it",
              files.manifestLabel(), manifest, files.projectLabel(), project, MAX_PROJECT_BYTES));
    }
    Key key =
        new Key(
            files.projectToml(), files.projectLabel(), files.manifestToml(), files.manifestLabel());
    try {
      return PARSED.get(
          key,
          () ->
              JuliaEnvironment.parse(
                  files.projectToml(),
                  files.projectLabel(),
                  files.manifestToml(),
                  files.manifestLabel()));
    } catch (InvalidEnvironmentException e) {
      throw new PlanException(e.getMessage());
    }
  }

  private static long utf8Length(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static long length(String text) {
    return text == null ? 0 : text.length();
  }
}
