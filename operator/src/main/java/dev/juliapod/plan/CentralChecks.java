package dev.juliapod.plan;

import dev.juliapod.api.BuildSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Build settings a JuliaPod may not choose when builds are central (docs/design.md, "Central
 * builds"): they would reach past its own namespace, into a build that JuliaPods of other
 * namespaces share and that holds the operator's push credentials.
 */
final class CentralChecks {
  private CentralChecks() {}

  static void check(BuildSpec build, String namespace) throws PlanException {
    if (build.pushSecret != null) {
      throw new PlanException(
          "spec.build.pushSecret "
              + build.pushSecret
              + " is not used: this operator builds every sysimage in namespace "
              + namespace
              + " and pushes with its own Secret there, so no push credentials need to be in"
              + " this namespace; remove spec.build.pushSecret");
    }
    // One user's build settings steer a shared build (SharedSysimage): a layer cache
    // another tenant chose would feed layers into everyone's image, and their node placement
    // would put root Kaniko pods on nodes of their choosing.
    List<String> set = new ArrayList<>();
    if (build.cacheRepository != null) {
      set.add("spec.build.cacheRepository");
    }
    if (build.nodeSelector != null && !build.nodeSelector.isEmpty()) {
      set.add("spec.build.nodeSelector");
    }
    if (build.tolerations != null && !build.tolerations.isEmpty()) {
      set.add("spec.build.tolerations");
    }
    if (!set.isEmpty()) {
      throw new PlanException(
          String.join(", ", set)
              + (set.size() == 1 ? " is" : " are")
              + " not used: this operator builds every sysimage in namespace "
              + namespace
              + " for JuliaPods of every namespace, with its own layer cache and build nodes"
              + " (--cache-repository, --build-node-selector, --build-tolerations); remove "
              + (set.size() == 1 ? "it" : "them"));
    }
  }
}
