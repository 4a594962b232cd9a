package dev.juliapod.plan;

import dev.juliapod.api.InlineProject;
import dev.juliapod.api.JuliaPod;

/** Where a JuliaPod's project files come from, when that needs no cluster. */
public final class ProjectSources {
  private ProjectSources() {}

  public static ProjectFiles inline(JuliaPod pod) throws PlanException {
    if (pod.getSpec() == null || pod.getSpec().project == null) {
      throw new PlanException(
          "spec.project is required: set project.inline or" + " project.configMapRef");
    }
    InlineProject inline = pod.getSpec().project.inline;
    if (inline == null || inline.projectToml == null || inline.manifestToml == null) {
      throw new PlanException("spec.project.inline needs projectToml and manifestToml");
    }
    return new ProjectFiles(
        inline.projectToml,
        "spec.project.inline.projectToml",
        inline.manifestToml,
        "spec.project.inline.manifestToml");
  }
}
