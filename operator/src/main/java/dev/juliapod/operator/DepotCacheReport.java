package dev.juliapod.operator;

import dev.juliapod.build.BuildPods;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/**
 * What the cache gave a finished build, in the build's own words: the lines depot-cache.jl prints
 * (docs/design.md, "Depot cache"). A cache that dropped a damaged entry, ran full or failed is said
 * as CacheDegraded; the image is right either way, since every step falls back to Pkg.
 */
record DepotCacheReport(boolean degraded, String message) {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(DepotCacheReport.class);
  static final String PREFIX = "juliapod-depot-cache: ";
  static final String USED = "Used";
  static final String DEGRADED = "CacheDegraded";

  /** What a clean run prints; every other line the steps print says something went wrong. */
  private static final List<String> CLEAN = List.of("restored ", "saved ");

  /** Null when the log has no report (an executor that failed before the steps, a lost log). */
  static DepotCacheReport of(String log) {
    return of(log.lines());
  }

  static DepotCacheReport of(java.util.stream.Stream<String> log) {
    List<String> lines =
        log.map(String::strip)
            .filter(l -> l.startsWith(PREFIX))
            .map(l -> l.substring(PREFIX.length()))
            .toList();
    if (lines.isEmpty()) {
      return null;
    }
    boolean degraded = lines.stream().anyMatch(l -> CLEAN.stream().noneMatch(l::startsWith));
    return new DepotCacheReport(degraded, String.join("; ", lines));
  }

  /** The report of a build that mounted the cache, read from its pod's log; null without one. */
  static DepotCacheReport read(KubernetesClient client, Job job, List<Pod> pods) {
    List<Pod> jobPods = BuildPods.of(job, pods);
    if (jobPods.isEmpty()) {
      return null;
    }
    Pod pod = jobPods.get(0); // the one that says how the build went
    // Streamed: the save lines come last, after PackageCompiler's output.
    try (java.io.BufferedReader log =
        new java.io.BufferedReader(BuildLogs.kaniko(client, pod).getLogReader())) {
      return of(log.lines());
    } catch (KubernetesClientException | java.io.IOException | java.io.UncheckedIOException e) {
      LOG.info(
          "could not read the depot cache report of build pod {}/{}: {}",
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          e.getMessage());
      return null; // gone with its node, or no log access: the Mounted condition stays
    }
  }
}
