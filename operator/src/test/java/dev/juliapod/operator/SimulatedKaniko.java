package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The Kaniko executor of a build Job, as far as the files go, on real files in a temporary folder:
 * the Job's volumes as the kubelet mounts them ({@link KubeletVolumes}), the context unpacked or
 * read as Kaniko does, the Dockerfile found as Kaniko finds it, and COPY copying what Kaniko
 * copies. A build the real executor would fail on its files fails here with the reason in its log;
 * RUN steps themselves are not run (there is no Julia here), but a RUN fails when a file COPY put
 * into its stage cannot be opened. Sources, all in osscontainertools/kaniko (the maintained fork;
 * GoogleContainerTools/kaniko is the same):
 *
 * <ul>
 *   <li>tar:// contexts must be gzip and unpack to /kaniko/buildcontext (pkg/buildcontext/tar.go,
 *       pkg/util/tar_util.go UnpackCompressedTar);
 *   <li>--dockerfile is taken as given (relative to the working directory, /workspace) when that
 *       file exists, else relative to the context (cmd/executor/cmd/root.go resolveDockerfilePath,
 *       after resolveSourceContext);
 *   <li>COPY copies a symlink as a symlink (pkg/util/fs_util.go CopySymlink, CopyDir;
 *       GoogleContainerTools/kaniko#1382), and fails on a source that does not exist
 *       (pkg/util/command_util.go IsSrcsValid: "failed to get fileinfo");
 *   <li>upstream Kaniko parses but ignores `RUN --mount` (issues #969, #1568), so a Dockerfile that
 *       needs it is refused here.
 * </ul>
 */
public final class SimulatedKaniko {
  static final String WORKDIR = "/workspace";

  private SimulatedKaniko() {}

  /** What the build ends in; empty while a volume cannot be mounted (the pod waits). */
  public static Optional<SimulatedCluster.Outcome> run(KubernetesClient client, Job job) {
    Path root = null;
    try {
      root = Files.createTempDirectory("kaniko-");
      return run(client, job, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(root);
    }
  }

  private static Optional<SimulatedCluster.Outcome> run(KubernetesClient client, Job job, Path root)
      throws IOException {
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container kaniko = pod.getContainers().get(0);
    Path fs = Files.createDirectories(root.resolve("fs"));
    String ns = job.getMetadata().getNamespace();
    for (VolumeMount mount : kaniko.getVolumeMounts()) {
      Volume volume =
          pod.getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow();
      Path dir = inside(fs, mount.getMountPath());
      if (volume.getConfigMap() != null) {
        ConfigMap map =
            client.configMaps().inNamespace(ns).withName(volume.getConfigMap().getName()).get();
        if (map == null) {
          return Optional.empty(); // the kubelet retries the mount; the pod stays pending
        }
        KubeletVolumes.configMap(map, volume.getConfigMap().getItems(), dir);
      } else if (volume.getSecret() != null) {
        Secret secret =
            client.secrets().inNamespace(ns).withName(volume.getSecret().getSecretName()).get();
        if (secret == null) {
          return Optional.empty();
        }
        KubeletVolumes.secret(secret, volume.getSecret().getItems(), dir);
      } else {
        Files.createDirectories(dir);
      }
    }
    Map<String, String> args = new LinkedHashMap<>();
    for (String arg : kaniko.getArgs()) {
      int eq = arg.indexOf('=');
      args.putIfAbsent(eq < 0 ? arg : arg.substring(0, eq), eq < 0 ? "" : arg.substring(eq + 1));
    }
    try {
      Path context = context(args.getOrDefault("--context", "dir:///workspace"), fs, root);
      Path dockerfile = dockerfile(args.getOrDefault("--dockerfile", "Dockerfile"), fs, context);
      new DockerfileRun(context, root.resolve("stages")).run(Files.readAllLines(dockerfile));
      return Optional.of(SimulatedCluster.Outcome.pushed(SimulatedCluster.digestOf(job)));
    } catch (BuildError e) {
      return Optional.of(
          SimulatedCluster.Outcome.failed(
              "Error",
              1,
              "INFO[0000] Retrieving image manifest julia\nerror building image: "
                  + e.getMessage()));
    }
  }

  private static Path context(String context, Path fs, Path root) throws IOException {
    if (context.startsWith("dir://")) {
      return inside(fs, context.substring("dir://".length()));
    }
    if (!context.startsWith("tar://")) {
      throw new BuildError("context " + context + ": only dir:// and tar:// are simulated");
    }
    Path tarball = inside(fs, context.substring("tar://".length()));
    if (!Files.isRegularFile(tarball)) { // os.Open follows the kubelet's links, as here
      throw new BuildError(
          "getting build context: open " + context.substring(6) + ": no such file or directory");
    }
    Path unpacked = Files.createDirectories(root.resolve("kaniko/buildcontext"));
    try (InputStream in =
        new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tarball)))) {
      TarArchiveInputStream tar = (TarArchiveInputStream) in;
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        Path target = unpacked.resolve(entry.getName()).normalize();
        if (!target.startsWith(unpacked)) {
          throw new BuildError("tar entry " + entry.getName() + " leaves the context");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
        }
      }
    } catch (ZipException e) {
      throw new BuildError("unpacking the build context: gzip: invalid header");
    }
    return unpacked;
  }

  private static Path dockerfile(String path, Path fs, Path context) {
    Path given = path.startsWith("/") ? inside(fs, path) : inside(fs, WORKDIR + "/" + path);
    if (Files.isRegularFile(given)) {
      return given;
    }
    Path inContext = context.resolve(path.startsWith("/") ? path.substring(1) : path);
    if (Files.isRegularFile(inContext)) {
      return inContext;
    }
    throw new BuildError(
        "please provide a valid path to a Dockerfile within the build"
            + " context with --dockerfile");
  }

  /** {@code path}, an absolute path in the container, under the folder that plays "/". */
  static Path inside(Path fs, String path) {
    return fs.resolve(path.replaceFirst("^/+", "")).normalize();
  }

  private static void delete(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temp folder left behind is not worth failing a test over
    }
  }

  /** Why the executor stopped, as it would say it. */
  static final class BuildError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BuildError(String message) {
      super(message);
    }
  }
}
