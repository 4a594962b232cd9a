package dev.juliapod.build;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * How many CPUs a build may use, for Julia's parallel precompilation: it starts one task per CPU
 * thread of the node, plus one (Pkg.jl src/API.jl, then Base.Precompilation: `Sys.CPU_THREADS + 1`,
 * at most 16), whatever the pod's share of it, and each task holds a Julia process's memory.
 */
public final class BuildResources {
  /** When the build asks for no CPU at all. */
  static final int DEFAULT = 2;

  private BuildResources() {}

  /** The CPU request, else the limit, rounded up to whole CPUs; at least 1. */
  static int cpus(ResourceRequirements resources) {
    Quantity cpu = resources == null ? null : pick(resources.getRequests(), resources.getLimits());
    return cpu == null ? DEFAULT : wholeCpus(cpu);
  }

  /** A CPU quantity as the whole CPUs Julia can use: rounded up, at least 1. */
  public static int wholeCpus(Quantity cpu) {
    BigDecimal amount = cpu.getNumericalAmount();
    return Math.max(1, amount.setScale(0, RoundingMode.CEILING).intValueExact());
  }

  private static Quantity pick(Map<String, Quantity> requests, Map<String, Quantity> limits) {
    Quantity request = requests == null ? null : requests.get("cpu");
    return request != null ? request : limits == null ? null : limits.get("cpu");
  }
}
