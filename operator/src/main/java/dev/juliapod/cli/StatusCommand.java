package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.PackageInfo;
import dev.juliapod.julia.InvalidEnvironmentException;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A JuliaPod's state in words: phase, sysimage, what is baked and what is"
        + " stripped and why, conditions, and how to attach. NAME defaults to the JuliaPod"
        + " `juliapod repl` made for the project in the current folder.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand
  JuliapodCommand parent;

  @Spec
  CommandSpec spec;

  @Mixin
  Target target;

  @Parameters(paramLabel = "NAME", arity = "0..1", description = "The JuliaPod.")
  String name;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (KubernetesClient client = parent.context().clients().get()) {
      String ns = target.namespace(client);
      String pod = Target.name(name, parent.context());
      JuliaPod found = client.resources(JuliaPod.class).inNamespace(ns).withName(pod).get();
      if (found == null) {
        err.println("juliapod status: no JuliaPod " + ns + "/" + pod
            + "; `kubectl get jp -n " + ns + "` lists them");
        return 1;
      }
      out.print(render(found));
      out.flush();
      return 0;
    } catch (InvalidEnvironmentException e) {
      err.println("juliapod status: give a NAME, or run it in a project folder (" + e.getMessage()
          + ")");
      return 2;
    } catch (Context.NoClusterException | KubernetesClientException e) {
      err.println("juliapod status: " + Context.describe(e));
      return 1;
    }
  }

  static String render(JuliaPod pod) {
    StringBuilder text = new StringBuilder();
    var s = pod.getStatus();
    String where = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    if (s == null) {
      return "JuliaPod " + where + ": Pending (the operator has not seen it yet)\n";
    }
    text.append("JuliaPod ").append(where).append(": ").append(s.phase).append('\n');
    line(text, "message", s.message);
    line(text, "sysimage", s.sysimage);
    line(text, "image", s.image);
    line(text, "pod", s.pod);
    List<PackageInfo> baked = Objects.requireNonNullElse(s.baked, List.of());
    text.append("  baked      ").append(baked.isEmpty() ? "nothing" : String.join(", ",
        baked.stream().map(p -> p.version == null ? p.name : p.name + " " + p.version).toList()))
        .append('\n');
    List<PackageInfo> stripped = Objects.requireNonNullElse(s.stripped, List.of());
    text.append("  stripped   ").append(stripped.isEmpty() ? "nothing\n" : "");
    for (int i = 0; i < stripped.size(); i++) {
      text.append(i == 0 ? "" : "             ").append(stripped.get(i).name).append(" (")
          .append(stripped.get(i).reason).append(")\n");
    }
    for (Condition c : s.conditions) {
      text.append(String.format("  %-10s %s %s%n", c.getType(), c.getStatus(),
          c.getReason() == null ? "" : "(" + c.getReason() + ")"));
    }
    line(text, "attach", s.attachCommand);
    return text.toString();
  }

  private static void line(StringBuilder text, String label, String value) {
    if (value != null && !value.isBlank()) {
      text.append(String.format("  %-10s %s%n", label, value));
    }
  }
}
