package dev.juliapod.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class ContextArchiveTest {
  static final Map<String, String> FILES = new LinkedHashMap<>(Map.of());

  static {
    FILES.put("Dockerfile", "FROM julia:1.11.7\n");
    FILES.put("src/MyAnalysis.jl", "module MyAnalysis\nend\n");
    FILES.put("Project.toml", "[deps]\n");
  }

  @Test
  void theSameFilesGiveTheSameBytes() throws Exception {
    byte[] first = ContextArchive.of(FILES);
    Thread.sleep(1100); // a clock that leaked into the archive would show now
    assertThat(ContextArchive.of(FILES)).isEqualTo(first);
  }

  /** What Kaniko's UnpackCompressedTar reads: gzip, regular files, folders before files. */
  @Test
  void itIsAGzipTarOfRegularFilesOwnedByRootWithoutTimes() throws Exception {
    List<String> seen = new ArrayList<>();
    Map<String, String> contents = new LinkedHashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GZIPInputStream(new ByteArrayInputStream(ContextArchive.of(FILES))))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        seen.add(
            e.getName()
                + " "
                + Integer.toOctalString(e.getMode() & 0777)
                + (e.isDirectory() ? " dir" : e.isFile() ? " file" : " other")
                + " uid="
                + e.getLongUserId()
                + " t="
                + e.getModTime().getTime());
        if (e.isFile()) {
          contents.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(seen)
        .containsExactly(
            "Dockerfile 644 file uid=0 t=0",
            "src/ 755 dir uid=0 t=0",
            "src/MyAnalysis.jl 644 file uid=0 t=0",
            "Project.toml 644 file uid=0 t=0");
    assertThat(contents).isEqualTo(FILES);
  }
}
