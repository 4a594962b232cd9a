package dev.juliapod.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The committed CRDs (crds/), installed the way `kubectl apply -f crds/` would. */
public final class Crds {
  private Crds() {}

  /**
   * @param root the repository's top folder
   */
  public static void install(KubernetesClient client, Path root) throws IOException {
    try (Stream<Path> crds = Files.list(root.resolve("crds"))) {
      for (Path crd : crds.sorted().toList()) {
        try (InputStream in = new FileInputStream(crd.toFile())) {
          client.load(in).createOrReplace();
        }
      }
    }
  }
}
