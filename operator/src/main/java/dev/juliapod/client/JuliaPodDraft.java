package dev.juliapod.client;

import dev.juliapod.api.InlineProject;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodSpec;
import dev.juliapod.api.JuliaRegistry;
import dev.juliapod.api.JuliaSpec;
import dev.juliapod.api.Labels;
import dev.juliapod.api.ProjectSource;
import dev.juliapod.api.SessionSpec;
import dev.juliapod.api.SysimageSpec;
import dev.juliapod.api.WorkersSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JuliaPod `juliapod repl` applies for a local project: the project inline, and on a second run
 * the same JuliaPod with the project and the flags' settings replaced and everything else (build
 * settings, workspace size, env someone set with kubectl) kept.
 */
public final class JuliaPodDraft {
  public static final String MANAGED_BY = "juliapod-cli";

  private JuliaPodDraft() {}

  /**
   * @throws IllegalArgumentException when no Julia version is known
   */
  public static JuliaPod of(
      LocalProject project,
      String name,
      String namespace,
      SessionSettings settings,
      JuliaPod existing) {
    JuliaPod pod = new JuliaPod();
    pod.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(Map.of(Labels.MANAGED_BY, MANAGED_BY))
            .build());
    JuliaPodSpec spec =
        existing != null && existing.getSpec() != null ? existing.getSpec() : new JuliaPodSpec();
    String version =
        settings.juliaVersion() != null
            ? settings.juliaVersion()
            : project.juliaVersion() != null
                ? project.juliaVersion()
                : spec.julia != null ? spec.julia.version : null;
    if (version == null) {
      throw new IllegalArgumentException(
          project.environment().manifest().file()
              + " does not say which Julia resolved it (no julia_version); pass --julia-version");
    }
    spec.julia = spec.julia != null ? spec.julia : new JuliaSpec();
    spec.julia.version = version;
    if (settings.registries() != null) {
      spec.julia.registries =
          settings.registries().isEmpty()
              ? null
              : settings.registries().stream().map(url -> new JuliaRegistry(url, null)).toList();
    }
    if (settings.pkgServer() != null) {
      spec.julia.pkgServer = settings.pkgServer().isBlank() ? null : settings.pkgServer();
    }
    if (settings.credentialsSecret() != null) {
      spec.julia.credentialsSecret =
          settings.credentialsSecret().isBlank() ? null : settings.credentialsSecret();
    }
    spec.project = new ProjectSource();
    spec.project.inline = new InlineProject();
    spec.project.inline.projectToml = project.projectToml();
    spec.project.inline.manifestToml = project.manifestToml();
    if (settings.image() != null) {
      spec.image = settings.image().isBlank() ? null : settings.image();
    }
    spec.sysimage = spec.sysimage != null ? spec.sysimage : new SysimageSpec();
    if (settings.policy() != null) {
      spec.sysimage.policy = settings.policy();
    }
    spec.session = spec.session != null ? spec.session : new SessionSpec();
    spec.session.suspend = null; // asking for a REPL starts a stopped session
    if (settings.juliaArgs() != null && !settings.juliaArgs().isEmpty()) {
      spec.session.juliaArgs = settings.juliaArgs();
    }
    if (settings.idleTimeout() != null) {
      spec.session.idleTimeout = settings.idleTimeout().isBlank() ? null : settings.idleTimeout();
    }
    spec.session.resources = resources(spec.session.resources, settings);
    if (settings.workers() != null) {
      spec.workers = spec.workers != null ? spec.workers : new WorkersSpec();
      spec.workers.replicas = settings.workers();
    }
    pod.setSpec(spec);
    return pod;
  }

  private static ResourceRequirements resources(ResourceRequirements current, SessionSettings s) {
    if (s.cpu() == null && s.memory() == null && s.gpus() == null) {
      return current;
    }
    ResourceRequirements r = current != null ? current : new ResourceRequirements();
    Map<String, Quantity> requests =
        new TreeMap<>(r.getRequests() == null ? Map.of() : r.getRequests());
    Map<String, Quantity> limits = new TreeMap<>(r.getLimits() == null ? Map.of() : r.getLimits());
    if (s.cpu() != null) {
      requests.put("cpu", new Quantity(s.cpu()));
    }
    if (s.memory() != null) {
      // The same request and limit: a REPL that is OOM-killed loses its state.
      requests.put("memory", new Quantity(s.memory()));
      limits.put("memory", new Quantity(s.memory()));
    }
    if (s.gpus() != null) {
      if (s.gpus() > 0) {
        limits.put("nvidia.com/gpu", new Quantity(s.gpus().toString()));
      } else {
        limits.remove("nvidia.com/gpu");
      }
    }
    r.setRequests(requests);
    r.setLimits(limits);
    return r;
  }
}
