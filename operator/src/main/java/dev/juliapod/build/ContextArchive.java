package dev.juliapod.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The build context as the gzip-compressed tar Kaniko unpacks for `--context=tar://...`
 * (docs/design.md, "Build context"). Kaniko reads that file with gzip and nothing else
 * (osscontainertools/kaniko pkg/util/tar_util.go, UnpackCompressedTar), and what it unpacks are
 * regular files, where a ConfigMap mounted as the context directory would give it the kubelet's
 * symlinks, which its COPY copies as dangling links (GoogleContainerTools/kaniko #1382).
 *
 * <p>Byte for byte reproducible: fixed order, owner, mode and time, and a gzip header without a
 * time stamp, so the same plan gives the same ConfigMap and Kaniko's layer cache, which keys COPY
 * on file contents and metadata, is not defeated by the clock.
 */
public final class ContextArchive {
  /** The ConfigMap binaryData key, and the file name in the mounted volume. */
  public static final String KEY = "context.tar.gz";

  private ContextArchive() {}

  /**
   * @param files relative path to text, in the order written; folders are made as needed
   */
  public static byte[] of(Map<String, String> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // java.util.zip writes MTIME 0 in the gzip header: the archive does not carry the clock.
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      Set<String> folders = new HashSet<>();
      for (Map.Entry<String, String> file : files.entrySet()) {
        String path = file.getKey();
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
          String folder = path.substring(0, slash + 1);
          if (folders.add(folder)) {
            put(tar, new TarArchiveEntry(folder), 0755, null);
          }
        }
        put(tar, new TarArchiveEntry(path), 0644, file.getValue().getBytes(StandardCharsets.UTF_8));
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory", e);
    }
    return bytes.toByteArray();
  }

  private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, int mode, byte[] data)
      throws IOException {
    entry.setMode((entry.getMode() & ~0777) | mode);
    entry.setModTime(0);
    entry.setIds(0, 0);
    entry.setNames("", "");
    if (data != null) {
      entry.setSize(data.length);
    }
    tar.putArchiveEntry(entry);
    if (data != null) {
      tar.write(data);
    }
    tar.closeArchiveEntry();
  }
}
