package dev.juliapod.operator;

import dev.juliapod.api.BuildSpec;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageSpec;
import dev.juliapod.julia.BakedPackage;
import dev.juliapod.julia.JuliaVersion;
import dev.juliapod.julia.StripResult;
import dev.juliapod.julia.SysimagePolicy;
import dev.juliapod.plan.PackageSources;
import dev.juliapod.plan.SysimagePlan;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The build half of a plan, read back from the JuliaSysimage that records it. */
final class SysimagePlans {
  private SysimagePlans() {}

  /**
   * Sysimages made before the field existed were named by a recipe that did not use it; the
   * Manifest's julia_version stands in, and without either the build caches no compiled files.
   */
  static JuliaVersion juliaVersion(JuliaSysimageSpec spec) {
    String text = spec.juliaVersion;
    if (text == null && spec.manifestToml != null) {
      text = org.tomlj.Toml.parse(spec.manifestToml).getString("julia_version");
    }
    try {
      return text == null ? null : JuliaVersion.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static SysimagePlan of(JuliaSysimage sysimage) {
    JuliaSysimageSpec spec = sysimage.getSpec();
    boolean bake = !Boolean.FALSE.equals(spec.bake);
    List<BakedPackage> baked =
        Objects.requireNonNullElse(spec.baked, List.<dev.juliapod.api.PackageInfo>of()).stream()
            .map(p -> new BakedPackage(p.name, p.uuid, p.version))
            .toList();
    StripResult strip =
        new StripResult(
            bake ? SysimagePolicy.PINNED : SysimagePolicy.NONE,
            baked,
            List.of(),
            List.of(),
            List.of(),
            spec.projectToml,
            spec.manifestToml,
            null,
            true);
    BuildSpec build = Objects.requireNonNullElseGet(spec.build, BuildSpec::new);
    return new SysimagePlan(
        sysimage.getMetadata().getName(),
        spec.tag,
        spec.baseImage,
        spec.repository,
        bake,
        strip,
        spec.cpuTarget,
        spec.precompileScript,
        spec.packageCompiler,
        Objects.requireNonNullElse(spec.arch, "amd64"),
        build.executorImage,
        build.pushSecret,
        build.cacheRepository,
        build.resources,
        Objects.requireNonNullElse(build.deadlineSeconds, 3600L),
        Objects.requireNonNullElse(build.nodeSelector, Map.of()),
        Objects.requireNonNullElse(build.tolerations, List.of()),
        new PackageSources(
            Objects.requireNonNullElse(spec.registries, List.of()),
            spec.pkgServer,
            spec.credentialsSecret,
            Objects.requireNonNullElse(spec.systemPackages, List.of()),
            Boolean.TRUE.equals(spec.sessionCredentials)),
        juliaVersion(spec));
  }
}
