package dev.juliapod.cli;

import dev.juliapod.api.ConfigMapProjectRef;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.julia.EnvironmentFiles;
import dev.juliapod.julia.InvalidEnvironmentException;
import dev.juliapod.julia.JuliaEnvironment;
import dev.juliapod.julia.JuliaReleases;
import dev.juliapod.julia.JuliaVersion;
import dev.juliapod.plan.PlanException;
import dev.juliapod.plan.ProjectFiles;
import dev.juliapod.plan.ProjectSources;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project `juliapod plan` plans with. Without a cluster a referenced ConfigMap cannot be read,
 * so a folder stands in for it: --project, else the folder of the JuliaPod's file, since that is
 * where a kustomize configMapGenerator (as in examples/) takes the files from.
 *
 * @param note a header line saying which files stood in for the ConfigMap, or null when the project
 *     is the one the user named (inline or --project)
 */
record PlanProject(ProjectFiles files, String note) {

  /**
   * @param resourceDir the folder of the JuliaPod's file ("." for a file given without one)
   * @param projectDir --project, or null
   */
  static PlanProject choose(JuliaPod pod, Path resourceDir, Path projectDir) throws PlanException {
    if (projectDir != null) {
      return new PlanProject(fromFolder(projectDir, pod), null);
    }
    ConfigMapProjectRef ref =
        pod.getSpec() == null
                || pod.getSpec().project == null
                || pod.getSpec().project.inline != null
            ? null
            : pod.getSpec().project.configMapRef;
    if (ref == null) {
      return new PlanProject(ProjectSources.inline(pod), null);
    }
    String configMap =
        "ConfigMap " + (ref.name == null ? "" : ref.name + " ") + "(spec.project.configMapRef)";
    if (JuliaReleases.PROJECT_NAMES.stream()
        .noneMatch(name -> Files.isRegularFile(resourceDir.resolve(name)))) {
      throw new PlanException(
          configMap
              + " cannot be read without a cluster, and "
              + resourceDir
              + " holds no Project.toml to stand in for it: pass --project DIR"
              + " with the folder holding its Project.toml and Manifest.toml");
    }
    ProjectFiles files;
    try {
      files = fromFolder(resourceDir, pod);
    } catch (PlanException e) {
      throw new PlanException(
          configMap + " read from " + resourceDir + ", the JuliaPod's folder: " + e.getMessage());
    }
    return new PlanProject(
        files,
        configMap
            + " not read: planned with "
            + files.projectLabel()
            + " and "
            + files.manifestLabel()
            + " instead (--project DIR reads another folder)");
  }

  /** The folder as the JuliaPod's Julia reads it: its version picks the Manifest. */
  static ProjectFiles fromFolder(Path dir, JuliaPod pod) throws PlanException {
    try {
      String version =
          pod.getSpec() == null || pod.getSpec().julia == null ? null : pod.getSpec().julia.version;
      JuliaVersion target = null;
      try {
        target = version == null ? null : JuliaVersion.parse(version);
      } catch (IllegalArgumentException e) {
        // the plan reports the version itself
      }
      JuliaEnvironment env = JuliaEnvironment.load(EnvironmentFiles.find(dir, target));
      return new ProjectFiles(
          env.project().text(), env.project().file(), env.manifest().text(), env.manifest().file());
    } catch (InvalidEnvironmentException e) {
      throw new PlanException(e.getMessage());
    }
  }
}
