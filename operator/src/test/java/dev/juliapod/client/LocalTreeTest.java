package dev.juliapod.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.julia.Sha256;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files of a project folder `juliapod sync` pushes. */
class LocalTreeTest {
  @TempDir Path dir;

  void write(String path, String text) throws Exception {
    Files.createDirectories(dir.resolve(path).getParent());
    Files.writeString(dir.resolve(path), text);
  }

  @Test
  void sourceGoesHiddenFoldersAndIgnoredPatternsStay() throws Exception {
    write("Project.toml", "[deps]\n");
    write("src/A.jl", "module A end\n");
    write("test/runtests.jl", "using Test\n");
    write(".JuliaFormatter.toml", "style = \"blue\"\n");
    write(".git/HEAD", "ref\n");
    write(".CondaPkg/env/lib.so", "binary\n");
    write("data/raw.csv", "1,2\n");
    write("plots/a.png", "png\n");
    write("src/plots/keep.jl", "x\n");
    write("notebook.ipynb", "{}\n");
    write(LocalTree.IGNORE_FILE, "# data stays local\n/data/\n*.ipynb\n\nsrc/plots\n");
    Files.createSymbolicLink(dir.resolve("link.jl"), dir.resolve("src/A.jl"));

    LocalTree tree = LocalTree.scan(dir);

    assertThat(tree.files().keySet())
        .containsExactly(
            ".JuliaFormatter.toml",
            LocalTree.IGNORE_FILE,
            "Project.toml",
            "plots/a.png",
            "src/A.jl",
            "test/runtests.jl");
    assertThat(tree.hashes()).containsEntry("src/A.jl", Sha256.hex("module A end\n"));
    assertThat(tree.skipped()).isEmpty();
  }

  @Test
  void bigFilesAreLeftOutWithAReason() throws Exception {
    write("src/A.jl", "module A end\n");
    try (RandomAccessFile big = new RandomAccessFile(dir.resolve("model.bin").toFile(), "rw")) {
      big.setLength(LocalTree.MAX_FILE_BYTES + 1);
    }
    LocalTree tree = LocalTree.scan(dir);
    assertThat(tree.files()).containsOnlyKeys("src/A.jl");
    assertThat(tree.skipped())
        .singleElement()
        .asString()
        .startsWith("model.bin (100 MiB:")
        .contains("kubectl cp", LocalTree.IGNORE_FILE);
  }

  @Test
  void theFingerprintChangesWhenAFileIsWritten() throws Exception {
    write("src/A.jl", "module A end\n");
    var before = LocalTree.scan(dir).fingerprint();
    write("src/A.jl", "module A\nf() = 1\nend\n");
    assertThat(LocalTree.scan(dir).fingerprint()).isNotEqualTo(before);
  }
}
