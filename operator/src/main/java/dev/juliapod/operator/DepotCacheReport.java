package dev.juliapod.operator;

import dev.juliapod.build.BuildPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the cache gave a finished build, in the build's own words: the lines depot-cache.jl prints
 * (docs/design.md, "Depot cache"). A cache that dropped a damaged entry, ran full or failed is said
 * as CacheDegraded; the image is right either way, since every step falls back to Pkg.
 */
record DepotCacheReport(boolean degraded, String message) {
  static final String PREFIX = "juliapod-depot-cache: ";
  static final String USED = "Used";
  static final String DEGRADED = "CacheDegraded";

  /** More than a sysimage build's log at info level; the report lines come before its end. */
  static final int LOG_BYTES = 8 << 20;

  private static final List<String> TROUBLE =
      List.of("dropped", "saving stopped", "unusable", "not for julia", " failed: ");

  /** Null when the log has no report (an executor that failed before the steps, a lost log). */
  static DepotCacheReport of(String log) {
    List<String> lines =
        log.lines()
            .map(String::strip)
            .filter(l -> l.startsWith(PREFIX))
            .map(l -> l.substring(PREFIX.length()))
            .toList();
    if (lines.isEmpty()) {
      return null;
    }
    boolean degraded =
        lines.stream()
            .map(l -> l.toLowerCase(Locale.ROOT))
            .anyMatch(l -> TROUBLE.stream().anyMatch(l::contains));
    return new DepotCacheReport(degraded, String.join("; ", lines));
  }

  /** The report of a build that mounted the cache, read from its pod's log; null without one. */
  static DepotCacheReport read(KubernetesClient client, Job job, List<Pod> pods) {
    Pod last =
        BuildPods.of(job, pods).stream()
            .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
            .orElse(null);
    if (last == null) {
      return null;
    }
    try {
      String log =
          client
              .pods()
              .inNamespace(last.getMetadata().getNamespace())
              .withName(last.getMetadata().getName())
              .inContainer("kaniko")
              .limitBytes(LOG_BYTES)
              .getLog();
      return log == null ? null : of(log);
    } catch (KubernetesClientException e) {
      return null; // gone with its node, or no log access: the Mounted condition stays
    }
  }
}
