package dev.juliapod.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one push from the project folder to the session workspace does. The folder wins for files it
 * has, except where the session changed a file since the last push: that edit is not overwritten
 * without --force. Files the session made itself are never touched; a file deleted locally is
 * deleted in the session only if the session still has what was pushed.
 *
 * @param upload relative paths to copy into the workspace
 * @param delete relative paths to remove from the workspace
 * @param conflicts changed both here and in the session since the last push: kept as they are
 * @param changedInSession changed in the session only: kept, not pulled
 * @param pushed what the session holds from this folder after the push (path → sha256)
 */
public record SyncPlan(
    List<String> upload,
    List<String> delete,
    List<String> conflicts,
    List<String> changedInSession,
    Map<String, String> pushed) {

  /**
   * @param local the folder's files (path → sha256)
   * @param remote the workspace's copies of those paths and of previously pushed ones
   * @param previous what the last push left (path → sha256)
   * @param force overwrite edits made in the session
   */
  public static SyncPlan of(
      Map<String, String> local,
      Map<String, String> remote,
      Map<String, String> previous,
      boolean force) {
    List<String> upload = new ArrayList<>();
    List<String> delete = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    List<String> changedInSession = new ArrayList<>();
    Map<String, String> pushed = new TreeMap<>();
    TreeSet<String> paths = new TreeSet<>(local.keySet());
    paths.addAll(previous.keySet());
    for (String path : paths) {
      if (!safe(path)) {
        continue;
      }
      String here = local.get(path);
      String there = remote.get(path);
      String before = previous.get(path);
      if (here == null) {
        if (there != null && there.equals(before)) {
          delete.add(path);
        }
        continue;
      }
      boolean sessionEdited = there != null && !there.equals(before);
      if (here.equals(there)) {
        pushed.put(path, here);
      } else if (there == null || !sessionEdited || force) {
        upload.add(path);
        pushed.put(path, here);
      } else {
        (here.equals(before) ? changedInSession : conflicts).add(path);
        if (before != null) {
          pushed.put(path, before);
        }
      }
    }
    return new SyncPlan(upload, delete, conflicts, changedInSession, pushed);
  }

  public boolean changesNothing() {
    return upload.isEmpty() && delete.isEmpty();
  }

  /** Lines for the user about what was kept and why; empty when nothing was. */
  public List<String> warnings() {
    List<String> lines = new ArrayList<>();
    if (!conflicts.isEmpty()) {
      lines.add(
          "changed here and in the session, not pushed (--force overwrites the session's"
              + " copy): "
              + String.join(", ", conflicts));
    }
    if (!changedInSession.isEmpty()) {
      lines.add("changed in the session only, kept there: " + String.join(", ", changedInSession));
    }
    return lines;
  }

  /** Paths come from the session's sync record too: never let one leave the workspace. */
  private static boolean safe(String path) {
    return !path.isEmpty()
        && !path.startsWith("/")
        && !path.contains("\n")
        && List.of(path.split("/")).stream().noneMatch(s -> s.equals("..") || s.isEmpty())
        && !Objects.equals(path, Workspace.RECORD);
  }
}
