package dev.juliapod.session;

import dev.juliapod.api.SessionSpec;
import dev.juliapod.build.BuildResources;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/**
 * How many CPUs Julia uses in a session. Inside a container Julia sees the node's CPUs, not the
 * pod's share: left alone, precompilation starts one task per node CPU plus one, at most 16 (Pkg.jl
 * src/API.jl, later julia base/precompilation.jl: `Sys.CPU_THREADS + 1`), each a Julia process with
 * its own memory, which a memory limit then kills.
 */
final class SessionCpus {
  /** Julia's own cap on precompilation tasks. */
  static final int MAX_PRECOMPILE_TASKS = 16;

  private SessionCpus() {}

  /** spec.session.threads, else the CPU limit in whole CPUs; null leaves Julia's default. */
  static Integer threads(SessionSpec session) {
    if (session.threads != null) {
      return session.threads;
    }
    return wholeCpus(session.resources == null ? null : session.resources.getLimits());
  }

  /** The CPU limit, else the request, in whole CPUs, at most Julia's own cap. */
  static int precompileTasks(ResourceRequirements resources) {
    Integer cpus = resources == null ? null : wholeCpus(resources.getLimits());
    if (cpus == null && resources != null) {
      cpus = wholeCpus(resources.getRequests());
    }
    return cpus == null ? 1 : Math.min(cpus, MAX_PRECOMPILE_TASKS);
  }

  private static Integer wholeCpus(Map<String, Quantity> values) {
    Quantity cpu = values == null ? null : values.get("cpu");
    return cpu == null ? null : BuildResources.wholeCpus(cpu);
  }
}
