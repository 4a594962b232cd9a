package dev.juliapod.operator;

import dev.juliapod.plan.Plan;
import dev.juliapod.plan.SysimagePlan;
import java.util.HashMap;
import java.util.Map;

/**
 * One copy of each sysimage plan for all the JuliaPods whose plans hash the same. A sysimage plan
 * holds the stripped Project and Manifest and the strip's lists, the same for every JuliaPod of a
 * team's project; kept once per JuliaPod, they were most of what the operator's heap held beyond
 * what its informers hold (BENCHMARKS.md). Counted, so a plan goes when its last JuliaPod's does.
 * Not thread-safe: {@link PlanCache} calls it under its lock.
 */
final class SharedPlans {
  private static final class Shared {
    final SysimagePlan plan;
    int users;

    Shared(SysimagePlan plan) {
      this.plan = plan;
    }
  }

  private final Map<String, Shared> byHash = new HashMap<>();

  /** {@code plan}, or the same plan holding the shared copy of its sysimage plan. */
  Plan share(Plan plan) {
    SysimagePlan mine = plan.sysimage();
    if (mine == null) {
      return plan;
    }
    Shared shared = byHash.get(mine.hash());
    if (shared == null) {
      shared = new Shared(mine);
      byHash.put(mine.hash(), shared);
    } else if (!shared.plan.equals(mine)) {
      return plan; // the same image built another way (resources, say): its own copy
    }
    shared.users++;
    SysimagePlan one = shared.plan;
    return new Plan(
        plan.namespace(),
        plan.buildNamespace(),
        plan.name(),
        one,
        plan.prebuiltImage(),
        plan.podName(),
        plan.workspaceClaim(),
        plan.session(),
        plan.workspaceSize(),
        plan.arch(),
        plan.base(),
        plan.strip() == mine.strip() ? one.strip() : plan.strip(),
        plan.nothingToBake(),
        plan.sources());
  }

  /** A plan that {@link #share} returned is no longer kept. */
  void release(Plan plan) {
    SysimagePlan mine = plan.sysimage();
    if (mine == null) {
      return;
    }
    Shared shared = byHash.get(mine.hash());
    if (shared != null && shared.plan == mine && --shared.users == 0) {
      byHash.remove(mine.hash());
    }
  }

  int size() {
    return byHash.size();
  }
}
