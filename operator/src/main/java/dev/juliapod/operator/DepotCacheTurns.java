package dev.juliapod.operator;

import dev.juliapod.api.Labels;
import dev.juliapod.build.DepotCache;
import dev.juliapod.plan.DepotCacheSettings;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Who may mount the depot cache now, per namespace where builds run (docs/design.md, "Depot
 * cache"). The running Jobs labelled as mounting it are the holders; a Job this process created
 * moments ago counts too until the informer shows it, so two builds starting in the same second do
 * not both take a ReadWriteOnce volume. One operator decides (leader election), so this memory is
 * the whole truth together with the Jobs.
 */
final class DepotCacheTurns {
  /** Longer than a watch event takes to arrive; shorter than any build. */
  private static final Duration RESERVED = Duration.ofMinutes(1);

  private final DepotCacheSettings settings;
  private final Duration patience;
  private final Map<String, Map<String, Instant>> reserved = new HashMap<>();

  /** Sysimages whose build could not get the volume, by namespace/name: why. */
  private final Map<String, String> refused = new HashMap<>();

  DepotCacheTurns(DepotCacheSettings settings, Duration patience) {
    this.settings = settings;
    this.patience = patience;
  }

  /**
   * @param jobs the build Jobs of the namespace, as the informer has them
   * @return null when there is no cache
   */
  synchronized DepotCacheUse take(
      KubernetesClient client, String namespace, String sysimage, Stream<Job> jobs, Instant now) {
    if (!settings.enabled()) {
      return null;
    }
    String why = refused.get(namespace + "/" + sysimage);
    if (why != null) {
      return new DepotCacheUse(
          false,
          DepotCacheUse.UNAVAILABLE,
          "the build could not mount the cache (" + why + "): building without it");
    }
    PersistentVolumeClaim claim;
    try {
      claim = claim(client, namespace);
    } catch (KubernetesClientException e) {
      // A quota, an admission webhook, a class the API refuses: this build goes without it, and
      // the next one asks again.
      return new DepotCacheUse(
          false,
          DepotCacheUse.UNAVAILABLE,
          "the cache claim "
              + DepotCache.CLAIM
              + " could not be made or read ("
              + e.getCode()
              + ": "
              + (e.getStatus() != null && e.getStatus().getMessage() != null
                  ? e.getStatus().getMessage()
                  : e.getMessage())
              + "): building without it");
    }
    Map<String, Instant> mine = reserved.computeIfAbsent(namespace, n -> new HashMap<>());
    mine.values().removeIf(at -> at.plus(RESERVED).isBefore(now));
    List<String> holders = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    jobs.forEach(
        j -> {
          String owner = j.getMetadata().getLabels().get(Labels.SYSIMAGE);
          seen.add(owner);
          if (mounts(j) && !finished(j) && !sysimage.equals(owner)) {
            holders.add(owner);
          }
        });
    // Once the informer shows a reserved build's Job, the Job says whether it still holds it.
    mine.keySet().removeIf(seen::contains);
    mine.keySet().stream().filter(s -> !sysimage.equals(s)).forEach(holders::add);
    String created = claim.getMetadata().getCreationTimestamp();
    DepotCacheUse use =
        DepotCacheUse.decide(
            settings,
            DepotCache.CLAIM,
            claim.getStatus() == null ? null : claim.getStatus().getPhase(),
            created == null ? null : Instant.parse(created),
            now,
            patience,
            holders.stream().sorted().toList());
    if (use.mount()) {
      mine.put(sysimage, now);
    }
    return use;
  }

  /**
   * This sysimage's builds go without the cache from now on in this process: its build pod could
   * not have the volume ({@link dev.juliapod.build.BuildPods#volumeBlocked}). A restart forgets,
   * and the next build tries the cache once more.
   */
  synchronized void refuse(String namespace, String sysimage, String why) {
    refused.put(namespace + "/" + sysimage, why);
    reserved.getOrDefault(namespace, new HashMap<>()).remove(sysimage);
  }

  /** Whether a build Job was made with the cache mounted. */
  static boolean mounts(Job job) {
    return job.getMetadata().getLabels() != null
        && "mounted".equals(job.getMetadata().getLabels().get(Labels.DEPOT_CACHE));
  }

  private PersistentVolumeClaim claim(KubernetesClient client, String namespace) {
    var resource =
        client.persistentVolumeClaims().inNamespace(namespace).withName(DepotCache.CLAIM);
    PersistentVolumeClaim existing = resource.get();
    if (existing != null) {
      return existing;
    }
    return Owners.create(client, DepotCache.claim(settings, namespace)).orElseGet(resource::get);
  }

  private static boolean finished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }
}
