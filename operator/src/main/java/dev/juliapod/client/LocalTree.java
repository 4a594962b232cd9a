package dev.juliapod.client;

import dev.juliapod.julia.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of a project folder that `juliapod sync` pushes. Hidden folders (.git, .CondaPkg,
 * .ipynb_checkpoints) stay behind: they are tooling state, often large, and never source.
 * `.juliapodignore` adds glob patterns, one per line: a pattern without a slash matches a file or
 * folder name at any depth, one with a slash matches the path from the folder.
 *
 * @param files relative path (with /) → the file
 * @param skipped what was left out on purpose and why, for the user
 */
public record LocalTree(Path root, Map<String, Path> files, List<String> skipped) {
  public static final String IGNORE_FILE = ".juliapodignore";

  /** Larger files are data, not source: slow to push on every sync. */
  public static final long MAX_FILE_BYTES = 100L << 20;

  public static LocalTree scan(Path root) throws IOException {
    List<PathMatcher> ignored = ignorePatterns(root);
    Map<String, Path> files = new TreeMap<>();
    List<String> skipped = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(root)) {
              return FileVisitResult.CONTINUE;
            }
            boolean hidden = dir.getFileName().toString().startsWith(".");
            return hidden || matches(ignored, root.relativize(dir))
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            Path relative = root.relativize(file);
            String name = relative.toString().replace(file.getFileSystem().getSeparator(), "/");
            if (!attrs.isRegularFile() || matches(ignored, relative) || name.contains("\n")) {
              return FileVisitResult.CONTINUE;
            }
            if (attrs.size() > MAX_FILE_BYTES) {
              skipped.add(
                  name
                      + " ("
                      + (attrs.size() >> 20)
                      + " MiB: larger than "
                      + (MAX_FILE_BYTES >> 20)
                      + " MiB; copy data with kubectl cp, or list it in "
                      + IGNORE_FILE
                      + ")");
            } else {
              files.put(name, file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return new LocalTree(root, files, skipped);
  }

  /** sha256 of each file, as sha256sum prints it in the session. */
  public Map<String, String> hashes() throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    for (var entry : files.entrySet()) {
      hashes.put(entry.getKey(), Sha256.hex(Files.readAllBytes(entry.getValue())));
    }
    return hashes;
  }

  /** Cheap to compute every second: changes when a file is added, removed or written. */
  public Map<String, String> fingerprint() {
    Map<String, String> marks = new TreeMap<>();
    files.forEach(
        (name, file) -> {
          try {
            marks.put(name, Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    return marks;
  }

  private static List<PathMatcher> ignorePatterns(Path root) throws IOException {
    Path file = root.resolve(IGNORE_FILE);
    List<PathMatcher> matchers = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return matchers;
    }
    for (String line : Files.readAllLines(file)) {
      String pattern = line.strip();
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      pattern = pattern.replaceAll("^/|/$", "");
      String glob = pattern.contains("/") ? pattern : "**/" + pattern;
      PathMatcher anywhere = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      PathMatcher top = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      matchers.add(path -> anywhere.matches(path) || top.matches(path));
    }
    return matchers;
  }

  private static boolean matches(List<PathMatcher> matchers, Path relative) {
    return matchers.stream().anyMatch(m -> m.matches(relative));
  }
}
