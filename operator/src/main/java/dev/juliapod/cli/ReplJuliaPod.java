package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.client.JuliaPodDraft;
import dev.juliapod.client.LocalProject;
import dev.juliapod.client.SessionSettings;
import dev.juliapod.operator.Conflicts;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;

/** The JuliaPod `juliapod repl` creates or updates for a project folder. */
final class ReplJuliaPod {
  private ReplJuliaPod() {}

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
    return updated;
  }
}
