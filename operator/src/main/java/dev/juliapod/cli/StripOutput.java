package dev.juliapod.cli;

import dev.juliapod.julia.BakedPackage;
import dev.juliapod.julia.StripResult;
import dev.juliapod.julia.StrippedPackage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writing the stripped files and the summary a person reads. */
final class StripOutput {
  private StripOutput() {}

  /** Writes each file beside its final name first, so a failure leaves no half file. */
  static void write(Path dir, StripResult result) throws IOException {
    Files.createDirectories(dir);
    Path project = temp(dir, "Project.toml", result.projectToml());
    Path manifest = temp(dir, "Manifest.toml", result.manifestToml());
    Files.move(
        project,
        dir.resolve("Project.toml"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        manifest,
        dir.resolve("Manifest.toml"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static Path temp(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve("." + name + ".juliapod-tmp");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  static void summary(StripResult result, Path dir, PrintWriter out) {
    out.printf(
        "Policy %s: baked %d, stripped %d.%n",
        result.policy().id(), result.baked().size(), result.stripped().size());
    if (!result.changed()) {
      out.println(
          result.baked().isEmpty()
              ? "No sysimage: the build precompiles the whole environment, unchanged."
              : "Nothing to strip: every direct dependency is baked; the files are unchanged.");
    }
    if (!result.baked().isEmpty()) {
      out.println("Baked into the sysimage:");
      for (BakedPackage p : result.baked()) {
        out.println("  " + p.name() + (p.version() == null ? "" : " " + p.version()));
      }
    }
    if (!result.stripped().isEmpty()) {
      out.println("Stripped from the build environment:");
      for (StrippedPackage p : result.stripped()) {
        out.println("  " + p);
      }
    }
    if (!result.keptUnbaked().isEmpty()) {
      out.println(
          "Not baked, but kept because the project's own Manifest entry needs them: "
              + String.join(", ", result.keptUnbaked()));
    }
    if (!result.prunedStdlibs().isEmpty()) {
      out.println(
          "Standard libraries no longer listed (they ship with Julia): "
              + String.join(", ", result.prunedStdlibs()));
    }
    out.println("Environment hash: " + result.hash());
    out.println("Wrote " + dir.resolve("Project.toml") + " and " + dir.resolve("Manifest.toml"));
  }
}
