package dev.juliapod.operator;

import dev.juliapod.operator.SimulatedKaniko.BuildError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The file side of a Dockerfile as {@link SimulatedKaniko} runs it: each stage gets a folder that
 * plays its root file system; COPY from the context or from an earlier stage copies the way Kaniko
 * does; a RUN opens every file COPY put into its stage before it.
 */
final class DockerfileRun {
  private static final List<String> KNOWN =
      List.of(
          "FROM",
          "COPY",
          "RUN",
          "ENV",
          "ARG",
          "USER",
          "WORKDIR",
          "LABEL",
          "SHELL",
          "ENTRYPOINT",
          "CMD");
  private final Path context;
  private final Path stages;
  private final Map<String, Path> named = new LinkedHashMap<>();
  private Path stage;
  private final List<String> copiedIntoStage = new ArrayList<>();

  DockerfileRun(Path context, Path stages) {
    this.context = context;
    this.stages = stages;
  }

  void run(List<String> lines) throws IOException {
    for (String instruction : instructions(lines)) {
      String[] words = instruction.trim().split("\\s+");
      String keyword = words[0].toUpperCase(Locale.ROOT);
      if (!KNOWN.contains(keyword)) {
        throw new BuildError("parsing dockerfile: unknown instruction: " + words[0]);
      }
      if (stage == null && !keyword.equals("FROM") && !keyword.equals("ARG")) {
        throw new BuildError("parsing dockerfile: " + keyword + " before the first FROM");
      }
      switch (keyword) {
        case "FROM" -> from(words);
        case "COPY" -> copy(words);
        case "RUN" -> run(instruction, words);
        default -> {}
      }
    }
    if (stage == null) {
      throw new BuildError("parsing dockerfile: file with no instructions");
    }
  }

  /** Joins `\` continuations and drops comments and blank lines. */
  static List<String> instructions(List<String> lines) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      if (current.length() == 0 && (line.isBlank() || line.stripLeading().startsWith("#"))) {
        continue;
      }
      String stripped = line.stripTrailing();
      if (stripped.endsWith("\\")) {
        current.append(stripped, 0, stripped.length() - 1).append(' ');
      } else {
        out.add(current.append(stripped).toString());
        current.setLength(0);
      }
    }
    if (current.length() > 0) {
      out.add(current.toString());
    }
    return out;
  }

  private void from(String[] words) throws IOException {
    stage = Files.createDirectories(stages.resolve("stage-" + named.size()));
    copiedIntoStage.clear();
    String name =
        words.length >= 4 && words[2].equalsIgnoreCase("AS")
            ? words[3].toLowerCase(Locale.ROOT)
            : Integer.toString(named.size());
    named.put(name, stage);
  }

  private void copy(String[] words) throws IOException {
    Path source = context;
    List<String> operands = new ArrayList<>();
    for (int i = 1; i < words.length; i++) {
      if (words[i].startsWith("--from=")) {
        String from = words[i].substring(7).toLowerCase(Locale.ROOT);
        source = named.get(from);
        if (source == null || source.equals(stage)) {
          throw new BuildError("resolving src: stage " + from + " not found before this one");
        }
      } else if (!words[i].startsWith("--")) {
        operands.add(words[i]);
      }
    }
    if (operands.size() < 2) {
      throw new BuildError("COPY requires at least two arguments");
    }
    String dest = operands.remove(operands.size() - 1);
    if (operands.size() > 1 && !dest.endsWith("/")) {
      throw new BuildError(
          "when specifying multiple sources in a COPY command, destination"
              + " must be a directory and end in '/'");
    }
    boolean fromContext = source == context;
    for (String src : operands) {
      Path from = source.resolve(src.replaceFirst("^/+", "")).normalize();
      if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
        if (!fromContext) {
          continue; // what a RUN of that stage made is not simulated
        }
        throw new BuildError(
            "resolving src: failed to get fileinfo for "
                + from.getFileName()
                + ": lstat "
                + src
                + ": no such file or directory");
      }
      Path to =
          SimulatedKaniko.inside(
              stage,
              dest.endsWith("/") && !Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)
                  ? dest + from.getFileName()
                  : dest);
      copyTree(from, to, fromContext);
    }
  }

  /** Kaniko's CopyDir/CopySymlink: links are recreated with the same text, never followed. */
  private void copyTree(Path from, Path to, boolean fromContext) throws IOException {
    if (Files.isSymbolicLink(from)) {
      Files.createDirectories(to.getParent());
      Files.deleteIfExists(to);
      Files.createSymbolicLink(to, Files.readSymbolicLink(from));
      if (fromContext) {
        copiedIntoStage.add(stage.relativize(to).toString());
      }
    } else if (Files.isDirectory(from)) {
      Files.createDirectories(to);
      try (Stream<Path> children = Files.list(from)) {
        for (Path child : children.toList()) {
          copyTree(child, to.resolve(child.getFileName().toString()), fromContext);
        }
      }
    } else {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      if (fromContext) {
        copiedIntoStage.add(stage.relativize(to).toString());
      }
    }
  }

  private void run(String instruction, String[] words) {
    if (words.length > 1 && words[1].startsWith("--mount")) {
      throw new BuildError(
          "RUN "
              + words[1]
              + ": upstream Kaniko parses RUN --mount and"
              + " ignores it (GoogleContainerTools/kaniko#969, #1568); the build would run"
              + " without the mount");
    }
    for (String file : copiedIntoStage) {
      Path path = stage.resolve(file);
      if (!Files.isRegularFile(path)) {
        String target = Files.isSymbolicLink(path) ? readLink(path) : "?";
        throw new BuildError(
            "error building stage: failed to execute command: "
                + instruction.trim()
                + ": opening file \"/"
                + file
                + "\": No such file or"
                + " directory (COPY left it as a symlink to "
                + target
                + ", which is not in the"
                + " image: Kaniko copies symlinks as symlinks, GoogleContainerTools/kaniko#1382)");
      }
    }
  }

  private static String readLink(Path path) {
    try {
      return Files.readSymbolicLink(path).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
