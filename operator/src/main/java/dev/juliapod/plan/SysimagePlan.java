package dev.juliapod.plan;

import dev.juliapod.julia.JuliaVersion;
import dev.juliapod.julia.StripResult;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * One image build, fully resolved: what goes into the image (hashed into {@link #hash}) and how the
 * Job runs (not hashed: the same image however it is built).
 *
 * @param name the JuliaSysimage name, `jsi-` and the start of the hash
 * @param hash sha256 hex of everything that affects the image
 * @param baseImage what the build starts FROM, by digest when resolved
 * @param bakesSysimage false for policy None: the image only precompiles
 * @param packageCompiler the PackageCompiler release; null for policy None
 * @param arch the node architecture the image is built on and for
 * @param cacheRepository Kaniko's layer cache; null for {@code <repository>-cache}
 * @param sources registries, package server and system packages (hashed) and the credentials Secret
 *     (not hashed)
 * @param julia the Julia version of the base image, whose minor version decides where compiled
 *     files live and how Julia checks their sources (not hashed: the base image names it)
 */
public record SysimagePlan(
    String name,
    String hash,
    String baseImage,
    String repository,
    boolean bakesSysimage,
    StripResult strip,
    String cpuTarget,
    String precompileScript,
    String packageCompiler,
    String arch,
    String executorImage,
    String pushSecret,
    String cacheRepository,
    ResourceRequirements resources,
    long deadlineSeconds,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    PackageSources sources,
    JuliaVersion julia) {

  /** The tag that carries the content hash, so the same inputs find the same image. */
  public String tag() {
    return hash;
  }

  public String imageTagRef() {
    return repository + ":" + tag();
  }

  /**
   * Where Kaniko caches layers. Not Kaniko's own default `<repository>/cache`
   * (osscontainertools/kaniko pkg/cache/cache.go, Destination), which registries with one level of
   * names (Docker Hub, Quay) refuse, and a refused cache push is only a warning in the build log
   * (pkg/executor/build.go: "Error uploading layer to cache"): caching would stop without anyone
   * noticing.
   */
  public String cacheRepo() {
    return cacheRepository != null ? cacheRepository : repository + "-cache";
  }
}
