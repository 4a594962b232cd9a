package dev.juliapod.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The session's juliaArgs as a worker takes them: the flags that decide how code is compiled and
 * loaded (threads, optimisation, bounds checks, CPU target: a package cache is used only under the
 * same ones, julia base/loading.jl, CacheFlags) stay; what would run something else instead of the
 * worker, start processes of its own or move its address is left out (julia src/jloptions.c;
 * Distributed cluster.jl: `-p` workers would fail init_worker's `nprocs() <= 1`, `--worker` reads a
 * cookie from stdin, `-e` skips the worker program).
 */
final class WorkerArgs {
  /** Options juliapod sets itself, or that replace or add to what the worker runs. */
  private static final Set<String> LEFT_OUT =
      Set.of(
          "-e",
          "--eval",
          "-E",
          "--print",
          "-L",
          "--load",
          "-p",
          "--procs",
          "--machine-file",
          "--worker",
          "--bind-to",
          "--project",
          "--startup-file",
          "-i",
          "-m",
          "--module",
          "-J",
          "--sysimage",
          "-H",
          "--home",
          "-q",
          "--quiet",
          "--banner",
          "--history-file",
          "--color");

  /** Options whose value may be the next argument (getopt's required_argument, jloptions.c). */
  private static final Set<String> TAKE_VALUE =
      Set.of(
          "-e",
          "--eval",
          "-E",
          "--print",
          "-L",
          "--load",
          "-p",
          "--procs",
          "--machine-file",
          "--bind-to",
          "-m",
          "--module",
          "-J",
          "--sysimage",
          "-H",
          "--home",
          "-C",
          "--cpu-target",
          "-t",
          "--threads",
          "--gcthreads",
          "--startup-file",
          "--history-file",
          "--color",
          "--compile",
          "--check-bounds",
          "--depwarn",
          "--warn-overwrite",
          "--warn-scope",
          "--inline",
          "--math-mode",
          "--heap-size-hint",
          "--trace-compile",
          "--polly");

  private WorkerArgs() {}

  static List<String> of(List<String> session) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < session.size(); i++) {
      String arg = session.get(i);
      if ("--".equals(arg) || !arg.startsWith("-") || arg.length() == 1) {
        break; // the program and its ARGS: the REPL's, not a worker's
      }
      String name = name(arg);
      boolean valueNext = TAKE_VALUE.contains(name) && name.equals(arg);
      if (!LEFT_OUT.contains(name)) {
        kept.add(arg);
        if (valueNext && i + 1 < session.size()) {
          kept.add(session.get(i + 1));
        }
      }
      if (valueNext) {
        i++;
      }
    }
    return kept;
  }

  /** `--threads=4` is `--threads`; `-t4` is `-t`. */
  private static String name(String arg) {
    if (arg.startsWith("--")) {
      int eq = arg.indexOf('=');
      return eq < 0 ? arg : arg.substring(0, eq);
    }
    return arg.substring(0, 2);
  }
}
