package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.client.JuliaPodDraft;
import dev.juliapod.client.LocalProject;
import dev.juliapod.client.PackageOrigins;
import dev.juliapod.client.SessionSettings;
import dev.juliapod.operator.Conflicts;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The JuliaPod `juliapod repl` creates or updates for a project folder. */
final class ReplJuliaPod {
  private ReplJuliaPod() {}

  /**
   * Says which packages of the folder's Manifest the session may not be able to install: from a
   * registry of this machine the JuliaPod does not add, or from a URL without credentials. The
   * operator's own --julia-registry and --julia-credentials-secret are not visible from here.
   */
  static void warnAboutOrigins(
      JuliaPod applied, LocalProject project, List<Path> depots, PrintWriter err) {
    var julia = applied.getSpec().julia;
    List<String> declared =
        julia.registries == null ? List.of() : julia.registries.stream().map(r -> r.url).toList();
    for (String warning :
        PackageOrigins.warnings(
            project.environment().manifest(), declared, julia.credentialsSecret != null, depots)) {
      err.println("juliapod repl: warning: " + warning + " (unless the operator adds it)");
    }
  }

  /**
   * Creates the JuliaPod, or updates the one there with the folder and the options; says which
   * ("Reusing" when the update changed nothing).
   */
  static JuliaPod apply(
      KubernetesClient client,
      LocalProject project,
      String name,
      String ns,
      SessionSettings settings,
      PrintWriter out) {
    var resource = client.resources(JuliaPod.class).inNamespace(ns).withName(name);
    JuliaPod existing = resource.get();
    if (existing == null) {
      JuliaPod created =
          client.resource(JuliaPodDraft.of(project, name, ns, settings, null)).create();
      out.println(
          "Created JuliaPod "
              + ns
              + "/"
              + name
              + " from "
              + project.dir()
              + (project.manifestFile().equals("Manifest.toml")
                  ? ""
                  : " (" + project.manifestFile() + ")"));
      return created;
    }
    long before = existing.getMetadata().getGeneration();
    JuliaPod updated =
        Conflicts.edit(
            resource,
            current -> {
              JuliaPod draft = JuliaPodDraft.of(project, name, ns, settings, current);
              current.setSpec(draft.getSpec());
              return current;
            });
    out.println(
        (updated.getMetadata().getGeneration() > before ? "Updated" : "Reusing")
            + " JuliaPod "
            + ns
            + "/"
            + name);
    return Resume.ifIdle(client, updated, out);
  }
}
