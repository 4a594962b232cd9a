package dev.juliapod.julia;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A generated project the size of a big real one: {@code size} Manifest entries (a tenth of them
 * stdlibs), each depending on up to eight earlier ones as registered packages do, and 40 direct
 * dependencies of which half are pinned. Used by the benchmarks; `main` writes one to disk for
 * timing the whole command.
 */
final class LargeProject {
  private LargeProject() {}

  static EnvBuilder generate(int size, long seed) {
    Random random = new Random(seed);
    EnvBuilder b = new EnvBuilder();
    int stdlibs = size / 10;
    for (int i = 0; i < size; i++) {
      EnvBuilder.Pkg pkg = i < stdlibs ? b.stdlib("Std" + i) : b.pkg("Package" + i);
      int fanout = i == 0 ? 0 : random.nextInt(9);
      for (int k = 0; k < fanout; k++) {
        int dep = i < stdlibs ? random.nextInt(i) : random.nextInt(i);
        String name = (dep < stdlibs ? "Std" : "Package") + dep;
        if (!pkg.deps.contains(name)) {
          pkg.deps(name);
        }
      }
    }
    for (int d = 0; d < 40; d++) {
      EnvBuilder.Pkg pkg = b.pkgs.get(size - 1 - d * (size / 50));
      if (!pkg.stdlib && d % 2 == 0) {
        pkg.pinned();
      }
      pkg.direct();
    }
    return b;
  }

  /** Writes PROJECT_DIR/Project.toml and Manifest.toml: {@code LargeProject DIR [SIZE]}. */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    EnvBuilder b = generate(args.length > 1 ? Integer.parseInt(args[1]) : 2000, 1);
    Files.writeString(dir.resolve("Project.toml"), b.projectToml());
    Files.writeString(dir.resolve("Manifest.toml"), b.manifestV2());
  }
}
