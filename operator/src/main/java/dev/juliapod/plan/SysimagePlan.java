package dev.juliapod.plan;

import dev.juliapod.julia.StripResult;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * One image build, fully resolved: what goes into the image (hashed into {@link #hash}) and how
 * the Job runs (not hashed: the same image however it is built).
 *
 * @param name the JuliaSysimage name, `jsi-` and the start of the hash
 * @param hash sha256 hex of everything that affects the image
 * @param sysimage false for policy None: the image only precompiles
 */
public record SysimagePlan(
    String name,
    String hash,
    String baseImage,
    String repository,
    boolean sysimage,
    StripResult strip,
    String cpuTarget,
    String precompileScript,
    String executorImage,
    String pushSecret,
    ResourceRequirements resources,
    long deadlineSeconds,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations) {

  /** The tag that carries the content hash, so the same inputs find the same image. */
  public String tag() {
    return hash;
  }

  public String imageTagRef() {
    return repository + ":" + tag();
  }
}
