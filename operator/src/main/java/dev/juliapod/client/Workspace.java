package dev.juliapod.client;

import dev.juliapod.session.SessionFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The session's workspace seen from the user's machine, through exec in the REPL container: push
 * the project folder into /workspace/project, and seed and pull the REPL history. Only sh, tar,
 * sha256sum and head are needed in the image (Debian, Ubuntu and busybox have them).
 */
public final class Workspace {
  /** In the workspace project: what the last push left there (sha256sum format). */
  public static final String RECORD = SessionFiles.SYNC_RECORD;

  private static final String DELETE = ".juliapod-delete";
  private static final String MARK = "::juliapod-hashes::";

  /** Runs a command in the REPL container: {@link RemoteShell}. */
  @FunctionalInterface
  public interface Shell {
    Captured run(List<String> command, byte[] stdin) throws IOException, InterruptedException;
  }

  /** What a command printed, and its exit status. */
  public record Captured(int exit, byte[] out, String err) {}

  /** What a push did. */
  public record Pushed(SyncPlan plan, int files) {}

  private final Shell shell;

  public Workspace(Shell shell) {
    this.shell = shell;
  }

  public Pushed push(LocalTree tree, boolean force) throws IOException, InterruptedException {
    Map<String, String> local = tree.hashes();
    byte[] paths = String.join("\n", local.keySet()).concat("\n").getBytes(StandardCharsets.UTF_8);
    String listing =
        new String(
            sh(
                """
        cd %s 2>/dev/null || exit 0
        cat %s 2>/dev/null
        echo '%s'
        { head -c "$1"; sed 's/^[0-9a-f]*  //' %s 2>/dev/null; } | sort -u |
          while IFS= read -r f; do [ -f "$f" ] && sha256sum -- "$f"; done
        exit 0
        """
                    .formatted(SessionFiles.PROJECT, RECORD, MARK, RECORD),
                paths),
            StandardCharsets.UTF_8);
    int mark = listing.indexOf(MARK + "\n");
    Map<String, String> previous = parse(mark < 0 ? "" : listing.substring(0, mark));
    Map<String, String> remote = parse(mark < 0 ? "" : listing.substring(mark + MARK.length()));
    SyncPlan plan = SyncPlan.of(local, remote, previous, force);
    if (!plan.changesNothing() || !plan.pushed().equals(previous)) {
      sh(
          """
          set -e
          mkdir -p %1$s && cd %1$s
          head -c "$1" | tar -x -f -
          if [ -f %2$s ]; then
            while IFS= read -r f; do rm -f -- "$f"; done < %2$s
            rm -f %2$s
          fi
          """
              .formatted(SessionFiles.PROJECT, DELETE),
          tar(tree, plan));
    }
    return new Pushed(plan, local.size());
  }

  /** Puts the saved history into a new workspace, so it survives the JuliaPod. */
  public void seedHistory(Path saved) throws IOException, InterruptedException {
    if (!Files.isRegularFile(saved)) {
      return;
    }
    sh(
        "f=%s; [ -s \"$f\" ] && exit 0; head -c \"$1\" > \"$f\"".formatted(SessionFiles.HISTORY),
        Files.readAllBytes(saved));
  }

  /** Copies the session's REPL history to {@code saved}; false when it has none yet. */
  public boolean pullHistory(Path saved) throws IOException, InterruptedException {
    byte[] history = sh("cat %s 2>/dev/null; exit 0".formatted(SessionFiles.HISTORY), new byte[0]);
    if (history.length == 0) {
      return false;
    }
    Files.createDirectories(saved.getParent());
    Path partial = saved.resolveSibling(saved.getFileName() + ".partial");
    Files.write(partial, history);
    Files.move(partial, saved, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /** Runs a script with sh; $1 is the length of stdin, so it can read exactly that. */
  private byte[] sh(String script, byte[] stdin) throws IOException, InterruptedException {
    Captured result =
        shell.run(List.of("sh", "-c", script, "sh", Integer.toString(stdin.length)), stdin);
    if (result.exit() != 0) {
      throw new IOException(
          "the session's shell exited with " + result.exit() + ": " + result.err().strip());
    }
    return result.out();
  }

  private static Map<String, String> parse(String sha256sum) {
    Map<String, String> hashes = new TreeMap<>();
    for (String line : sha256sum.split("\n")) {
      if (line.matches("[0-9a-f]{64}  .+")) {
        hashes.put(line.substring(66).replaceFirst("^\\./", ""), line.substring(0, 64));
      }
    }
    return hashes;
  }

  /** The uploads, the new sync record and the list of files to delete, as one tar stream. */
  private static byte[] tar(LocalTree tree, SyncPlan plan) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String path : plan.upload()) {
        Path file = tree.files().get(path);
        TarArchiveEntry entry = new TarArchiveEntry(path);
        entry.setSize(Files.size(file));
        entry.setMode(Files.isExecutable(file) ? 0755 : 0644);
        entry.setModTime(Files.getLastModifiedTime(file));
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
      }
      List<String> record = new ArrayList<>();
      plan.pushed().forEach((path, hash) -> record.add(hash + "  " + path));
      add(tar, RECORD, String.join("\n", record) + "\n");
      if (!plan.delete().isEmpty()) {
        add(tar, DELETE, String.join("\n", plan.delete()) + "\n");
      }
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream tar, String name, String text) throws IOException {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(data.length);
    entry.setMode(0644);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
  }
}
