package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.build.BuildContext;
import dev.juliapod.build.ContextArchive;
import dev.juliapod.build.KanikoJob;
import dev.juliapod.julia.StripResult;
import dev.juliapod.objects.PlannedObjects;
import dev.juliapod.objects.PlannedWorkers;
import dev.juliapod.plan.IdleTimeout;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.PlanException;
import dev.juliapod.plan.Planner;
import dev.juliapod.plan.ProjectFiles;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Print every object the operator would create for a JuliaPod, without a cluster.",
      "Multi-document YAML: the JuliaSysimage, the build context ConfigMap, the Kaniko Job,"
          + " the workspace claim, the session ConfigMap and the REPL pod. The pod shows the"
          + " image by tag; the operator runs it by digest once the build has pushed it.",
      "Offline, the base image stays a tag: the operator resolves it to a digest and"
          + " builds from that, so its sysimage name and image tag differ from these."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "2:bad input; the message says which field or file"})
final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "JULIAPOD.yaml", description = "The JuliaPod resource.")
  Path resource;

  @Option(
      names = "--project",
      paramLabel = "DIR",
      description =
          "Read Project.toml and Manifest.toml from DIR instead of spec.project."
              + " Without it, a JuliaPod that references a ConfigMap is planned with the files"
              + " in the folder of JULIAPOD.yaml.")
  Path projectDir;

  @Mixin DefaultsOptions operatorDefaults;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      defaultValue = "default",
      description = "Namespace when the JuliaPod names none (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KubernetesSerialization yaml = new KubernetesSerialization();
    try {
      JuliaPod pod = read(yaml);
      Path folder = resource.getParent() != null ? resource.getParent() : Path.of(".");
      PlanProject project = PlanProject.choose(pod, folder, projectDir);
      ProjectFiles files = project.files();
      OperatorDefaults defaults = operatorDefaults.defaults();
      Plan plan = Planner.plan(pod, files, defaults);
      String workers = PlannedWorkers.summary(plan, pod.getSpec().workers);
      out.print(
          withNote(
              summary(plan) + (workers == null ? "" : "#   " + workers + "\n"), project.note()));
      String image = plan.prebuilt() ? plan.prebuiltImage() : plan.sysimage().imageTagRef();
      List<HasMetadata> objects =
          new java.util.ArrayList<>(
              PlannedObjects.all(
                  plan, files, image, defaults.insecureRegistries(), defaults.builds().cache()));
      // The operator makes the cookie before the session's objects, the workers after them.
      objects.add(objects.size() - 3, PlannedWorkers.cookie(plan));
      objects.addAll(PlannedWorkers.of(plan, pod.getSpec().workers, image));
      for (HasMetadata object : objects) {
        String text = yaml.asYaml(object);
        out.print(text.startsWith("---") ? text : "---\n" + text);
        if (plan.sysimage() != null
            && object.getMetadata().getName().equals(KanikoJob.contextName(plan.sysimage()))) {
          out.print(contextFiles(plan));
        }
      }
      out.flush();
      return CommandLine.ExitCode.OK;
    } catch (PlanException e) {
      err.println("juliapod plan: " + resource + ": " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
  }

  private JuliaPod read(KubernetesSerialization yaml) throws PlanException {
    String text;
    try {
      text = Files.readString(resource);
    } catch (IOException e) {
      throw new PlanException("cannot read the file: " + e.getMessage());
    }
    JuliaPod pod;
    try {
      GenericKubernetesResource generic = yaml.unmarshal(text, GenericKubernetesResource.class);
      if (generic == null
          || !"JuliaPod".equals(generic.getKind())
          || !(JuliaPod.GROUP + "/" + JuliaPod.VERSION).equals(generic.getApiVersion())
          || generic.getMetadata() == null
          || generic.getMetadata().getName() == null) {
        throw new PlanException(
            "expected `apiVersion: "
                + JuliaPod.GROUP
                + "/"
                + JuliaPod.VERSION
                + "`, `kind: JuliaPod` and `metadata.name`");
      }
      pod = yaml.unmarshal(text, JuliaPod.class);
    } catch (RuntimeException e) {
      throw new PlanException("not a JuliaPod resource: " + e.getMessage());
    }
    if (pod.getMetadata().getNamespace() == null) {
      pod.getMetadata().setNamespace(namespace);
    }
    return pod;
  }

  /** What the plan bakes and strips, as YAML comments ahead of the objects. */
  static String summary(Plan plan) {
    String head = "# JuliaPod " + plan.namespace() + "/" + plan.name() + ": ";
    if (plan.userImage()) {
      return head + "prebuilt image " + plan.prebuiltImage() + ", nothing built or stripped\n";
    }
    StripResult strip = plan.strip();
    StringBuilder out = new StringBuilder(head).append("policy ").append(strip.policy().id());
    if (plan.sysimage() != null) {
      out.append(", baked ")
          .append(strip.baked().size())
          .append(", stripped ")
          .append(strip.stripped().size())
          .append(", sysimage ")
          .append(plan.sysimage().name());
    } else {
      out.append(", no sysimage");
    }
    out.append('\n');
    if (plan.nothingToBake() != null) {
      out.append("#   ").append(plan.nothingToBake()).append('\n');
    }
    IdleTimeout.of(plan.session())
        .ifPresent(
            t ->
                out.append("#   idle culling: the session pod is stopped after ")
                    .append(IdleTimeout.describe(t))
                    .append(" without REPL input or a running evaluation\n"));
    if (plan.base().problem() != null) {
      out.append("#   base image ")
          .append(plan.base().reference())
          .append(": ")
          .append(plan.base().problem())
          .append('\n');
    }
    if (plan.sysimage() != null) {
      strip
          .baked()
          .forEach(
              p ->
                  out.append("#   baked ")
                      .append(p.name())
                      .append(p.version() == null ? "" : " " + p.version())
                      .append('\n'));
    }
    strip.stripped().forEach(p -> out.append("#   stripped ").append(p).append('\n'));
    return out.toString();
  }

  /** The note goes under the summary's first line, which names the JuliaPod. */
  private static String withNote(String summary, String note) {
    if (note == null) {
      return summary;
    }
    int end = summary.indexOf('\n') + 1;
    return summary.substring(0, end) + "#   " + note + "\n" + summary.substring(end);
  }

  /** The build context's files, which the ConfigMap holds as one archive, for reading. */
  static String contextFiles(Plan plan) {
    StringBuilder out = new StringBuilder("# " + ContextArchive.KEY + " above holds:\n");
    BuildContext.files(plan.sysimage())
        .forEach(
            (name, text) -> {
              out.append("#\n# ==> ").append(name).append(" <==\n");
              text.lines()
                  .forEach(line -> out.append(line.isEmpty() ? "#" : "#   " + line).append('\n'));
            });
    return out.toString();
  }
}
