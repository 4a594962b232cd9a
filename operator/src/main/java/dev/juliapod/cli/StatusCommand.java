package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.PackageInfo;
import dev.juliapod.client.LatestBuildPod;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "A JuliaPod's state in words: phase, sysimage, what is baked and what is"
            + " stripped and why, conditions, and how to attach. NAME defaults to the JuliaPod"
            + " `juliapod repl` made for the project in the current folder.")
final class StatusCommand extends NamedCommand {
  @Override
  int run(KubernetesClient client, String ns, String pod, PrintWriter out, PrintWriter err) {
    JuliaPod found = client.resources(JuliaPod.class).inNamespace(ns).withName(pod).get();
    if (found == null) {
      err.println(
          "juliapod status: no JuliaPod "
              + ns
              + "/"
              + pod
              + "; `kubectl get jp -n "
              + ns
              + "` lists them");
      return 1;
    }
    out.print(render(found));
    return 0;
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
    line(
        text,
        "sysimage",
        s.sysimage == null
                || LatestBuildPod.namespaceOf(pod).equals(pod.getMetadata().getNamespace())
            ? s.sysimage
            : LatestBuildPod.namespaceOf(pod) + "/" + s.sysimage);
    boolean nothingToBake =
        s.conditions.stream()
            .anyMatch(
                c -> "SysimageReady".equals(c.getType()) && "NothingToBake".equals(c.getReason()));
    line(
        text,
        "image",
        s.image == null || s.sysimage != null
            ? s.image
            : s.image + (nothingToBake ? " (the base image: nothing to bake)" : " (prebuilt)"));
    line(text, "pod", s.pod);
    line(text, "workers", s.workers == null ? null : s.workers.ready + " ready");
    List<PackageInfo> baked = Objects.requireNonNullElse(s.baked, List.of());
    text.append("  baked      ")
        .append(
            baked.isEmpty()
                ? "nothing"
                : String.join(
                    ", ",
                    baked.stream()
                        .map(p -> p.version == null ? p.name : p.name + " " + p.version)
                        .toList()))
        .append('\n');
    List<PackageInfo> stripped = Objects.requireNonNullElse(s.stripped, List.of());
    text.append("  stripped   ").append(stripped.isEmpty() ? "nothing\n" : "");
    for (int i = 0; i < stripped.size(); i++) {
      text.append(i == 0 ? "" : "             ")
          .append(stripped.get(i).name)
          .append(" (")
          .append(stripped.get(i).reason)
          .append(")\n");
    }
    for (Condition c : s.conditions) {
      text.append(
          String.format(
              "  %-10s %s %s%n",
              c.getType(), c.getStatus(), c.getReason() == null ? "" : "(" + c.getReason() + ")"));
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
