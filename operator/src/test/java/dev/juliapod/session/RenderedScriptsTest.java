package dev.juliapod.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.build.BuildContext;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Planner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Files in a ConfigMap or Secret volume are links: the kubelet writes each key as a symlink to
 * `..data/<key>` (kubernetes pkg/volume/util/atomic_writer.go). Julia's `cp` and `mv` copy a link
 * as a link unless told to follow it (julia base/file.jl, `follow_symlinks=false`), and `cp` and
 * `tar` in sh do the same without -L / -h, so a copy out of a mount dangles once the volume is
 * gone. Every script the operator renders is held to it here.
 */
class RenderedScriptsTest {
  private static final Pattern JULIA_COPY = Pattern.compile("\\b(cp|mv)\\(");
  private static final Pattern SH_COPY = Pattern.compile("(?m)(^|[;&|(]\\s*|\\s)(cp|tar)\\s");

  private static Map<String, String> scripts() throws Exception {
    Map<String, String> scripts = new LinkedHashMap<>();
    scripts.put("prepare.jl", SessionFiles.prepareScript());
    scripts.put("repl.sh", SessionFiles.replScript());
    scripts.put("activity.jl", SessionFiles.activityScript());
    scripts.put("activity-server.jl", SessionFiles.activityServerScript());
    var hello = SessionPodTest.hello();
    var plan =
        Planner.plan(
            hello, dev.juliapod.plan.ProjectSources.inline(hello), OperatorDefaults.builtIn());
    BuildContext.files(plan.sysimage())
        .forEach(
            (name, text) -> {
              if (name.endsWith(".jl") || name.equals("Dockerfile")) {
                scripts.put(name, text);
              }
            });
    return scripts;
  }

  @Test
  void everyJuliaCopyFollowsLinks() throws Exception {
    for (Map.Entry<String, String> script : scripts().entrySet()) {
      if (!script.getKey().endsWith(".jl")) {
        continue;
      }
      for (String call : calls(script.getValue())) {
        if (call.startsWith("mv(")) {
          // mv keeps links as links, and only ever moves files within the workspace.
          assertThat(call).as(script.getKey()).doesNotContain("SOURCE");
        } else {
          assertThat(call).as(script.getKey()).contains("follow_symlinks = true");
        }
      }
    }
  }

  /**
   * Where the operator mounts ConfigMaps and Secrets that scripts can see: the session's files, and
   * the push credentials in the build pod (Kaniko itself reads its tar context and config.json with
   * os.Open, which follows links).
   */
  private static final List<String> MOUNTS = List.of(SessionFiles.SOURCE, "/kaniko/.docker");

  @Test
  void noShellCopiesOutOfAMountKeepLinks() throws Exception {
    for (Map.Entry<String, String> script : scripts().entrySet()) {
      if (script.getKey().endsWith(".jl")) {
        continue;
      }
      Matcher m = SH_COPY.matcher(script.getValue());
      while (m.find()) {
        String line =
            script
                .getValue()
                .substring(
                    m.start(),
                    script.getValue().indexOf('\n', m.start()) < 0
                        ? script.getValue().length()
                        : script.getValue().indexOf('\n', m.start()));
        if (MOUNTS.stream().anyMatch(line::contains)) {
          assertThat(line)
              .as(script.getKey() + ": a copy out of a mount must dereference" + " links (-L, -h)")
              .containsAnyOf(" -L", " -h", " --dereference");
        }
      }
    }
  }

  @Test
  void thePrepareScriptCopiesTheProjectFromTheMount() throws Exception {
    assertThat(calls(SessionFiles.prepareScript()))
        .anyMatch(c -> c.startsWith("cp(joinpath(SOURCE") && c.contains("follow_symlinks"));
  }

  /** Each `cp(...)` / `mv(...)` call, up to its closing parenthesis. */
  private static List<String> calls(String code) {
    List<String> calls = new java.util.ArrayList<>();
    Matcher m = JULIA_COPY.matcher(code);
    while (m.find()) {
      int depth = 0;
      int i = m.end() - 1;
      for (; i < code.length(); i++) {
        char c = code.charAt(i);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        if (depth == 0) {
          break;
        }
      }
      calls.add(code.substring(m.start(), Math.min(i + 1, code.length())));
    }
    return calls;
  }
}
