package dev.juliapod.objects;

import dev.juliapod.api.BuildSpec;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.JuliaSysimageSpec;
import dev.juliapod.api.PackageInfo;
import dev.juliapod.build.DepotCache;
import dev.juliapod.build.KanikoJob;
import dev.juliapod.plan.DepotCacheSettings;
import dev.juliapod.plan.PackageSources;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.ProjectFiles;
import dev.juliapod.plan.SysimagePlan;
import dev.juliapod.session.SessionObjects;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Every object the operator creates for one JuliaPod, in the order it creates them. Above plan,
 * build and session, which it puts together, so that none of them depends on another in a circle.
 */
public final class PlannedObjects {
  private PlannedObjects() {}

  /**
   * @param image the session image: repository:tag before the build, @digest after (ignored for a
   *     prebuilt image)
   * @param insecureRegistries the operator's plain-HTTP registries, for the build Job
   */
  public static List<HasMetadata> all(
      Plan plan, ProjectFiles project, String image, List<String> insecureRegistries) {
    return all(plan, project, image, insecureRegistries, DepotCacheSettings.OFF);
  }

  /**
   * @param cache the operator's depot cache: with one, its claim, and the Job as a build that has
   *     it (one that finds it busy or unavailable builds without it, the same image)
   */
  public static List<HasMetadata> all(
      Plan plan,
      ProjectFiles project,
      String image,
      List<String> insecureRegistries,
      DepotCacheSettings cache) {
    if (plan.prebuilt()) {
      return List.of(
          SessionObjects.workspace(plan),
          SessionObjects.files(plan, project),
          SessionPod.of(plan, plan.prebuiltImage()));
    }
    SysimagePlan sysimage = plan.sysimage();
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(sysimage(sysimage, plan.buildNamespace()));
    objects.add(KanikoJob.context(sysimage, plan.buildNamespace()));
    if (cache.enabled()) {
      objects.add(DepotCache.claim(cache, plan.buildNamespace()));
    }
    objects.add(
        KanikoJob.job(sysimage, plan.buildNamespace(), insecureRegistries, cache.enabled()));
    objects.add(SessionObjects.workspace(plan));
    objects.add(SessionObjects.files(plan, project));
    objects.add(SessionPod.of(plan, image));
    return objects;
  }

  public static JuliaSysimage sysimage(SysimagePlan plan, String namespace) {
    JuliaSysimageSpec spec = new JuliaSysimageSpec();
    spec.baseImage = plan.baseImage();
    spec.repository = plan.repository();
    spec.tag = plan.tag();
    spec.bake = plan.bakesSysimage();
    spec.projectToml = plan.strip().projectToml();
    spec.manifestToml = plan.strip().manifestToml();
    spec.baked =
        plan.strip().baked().stream()
            .map(b -> new PackageInfo(b.name(), b.uuid(), b.version(), null))
            .toList();
    spec.cpuTarget = plan.cpuTarget();
    spec.juliaVersion = plan.julia().toString();
    spec.arch = plan.arch();
    spec.packageCompiler = plan.packageCompiler();
    spec.precompileScript = plan.precompileScript();
    PackageSources sources = plan.sources();
    spec.registries = sources.registries().isEmpty() ? null : sources.registries();
    spec.pkgServer = sources.pkgServer();
    spec.systemPackages = sources.systemPackages().isEmpty() ? null : sources.systemPackages();
    spec.credentialsSecret = sources.credentialsSecret();
    // Written only where it says something, so sysimages from before read the same.
    spec.sessionCredentials = sources.sessionCredentials() ? Boolean.TRUE : null;
    spec.build = new BuildSpec();
    spec.build.executorImage = plan.executorImage();
    spec.build.pushSecret = plan.pushSecret();
    spec.build.cacheRepository = plan.cacheRepository();
    spec.build.resources = plan.resources();
    spec.build.deadlineSeconds = plan.deadlineSeconds();
    spec.build.nodeSelector = plan.nodeSelector().isEmpty() ? null : plan.nodeSelector();
    spec.build.tolerations = plan.tolerations().isEmpty() ? null : plan.tolerations();
    JuliaSysimage resource = new JuliaSysimage();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(plan.name())
            .withNamespace(namespace)
            .withLabels(KanikoJob.labels(plan))
            .build());
    resource.setSpec(spec);
    return resource;
  }
}
