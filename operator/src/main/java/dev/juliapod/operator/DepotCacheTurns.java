package dev.juliapod.operator;

import dev.juliapod.api.Labels;
import dev.juliapod.build.BuildJobStatus;
import dev.juliapod.build.DepotCache;
import dev.juliapod.plan.DepotCacheSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who may mount the depot cache now, per namespace where builds run (docs/design.md, "Depot
 * cache"). The running Jobs labelled as mounting it are the holders; a Job this process started
 * counts too until the informer shows it, so two builds starting in the same second do not both
 * take a ReadWriteOnce volume. One operator decides (leader election), so this memory is the whole
 * truth together with the Jobs; a restart forgets which builds could not get the volume, and the
 * next build tries it once more.
 */
final class DepotCacheTurns {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(DepotCacheTurns.class);

  /** Longer than a watch event takes to arrive; shorter than any build. */
  private static final Duration RESERVED = Duration.ofMinutes(1);

  private final DepotCacheSettings settings;
  private final Map<String, Map<String, Instant>> reserved = new HashMap<>();

  /** Sysimages whose build could not get the volume, by namespace/name: why. */
  private final Map<String, String> refused = new HashMap<>();

  /** Namespaces where a build that mounted the cache could not get the volume. */
  private final Set<String> blocked = new HashSet<>();

  DepotCacheTurns(DepotCacheSettings settings) {
    this.settings = settings;
  }

  /**
   * Reads (or makes) the claim, then decides; the API calls are outside the lock, so one slow
   * answer does not hold up builds starting in other namespaces.
   *
   * @param jobs the build Jobs of the namespace, as the informer has them
   * @return null when there is no cache
   */
  DepotCacheUse take(
      KubernetesClient client,
      String namespace,
      String sysimage,
      List<Job> jobs,
      List<Pod> pods,
      Instant now) {
    if (!settings.enabled()) {
      return null;
    }
    PersistentVolumeClaim claim;
    try {
      claim = claim(client, namespace);
    } catch (KubernetesClientException | NullPointerException e) {
      // A quota, an admission webhook, a class the API refuses: this build goes without it, and
      // the next one asks again.
      String why =
          e instanceof KubernetesClientException k
                  && k.getStatus() != null
                  && k.getStatus().getMessage() != null
              ? k.getCode() + ": " + k.getStatus().getMessage()
              : e.getMessage();
      LOG.warn(
          "could not make or read the depot cache claim {}/{}: {}",
          namespace,
          DepotCache.CLAIM,
          why);
      return new DepotCacheUse(
          false,
          DepotCacheUse.UNAVAILABLE,
          "the cache claim "
              + DepotCache.CLAIM
              + " could not be made or read ("
              + why
              + "): building without it");
    }
    return decide(namespace, sysimage, claim, jobs, pods, now);
  }

  /** The decision over a claim and the namespace's Jobs; reserves the cache when it mounts. */
  synchronized DepotCacheUse decide(
      String namespace,
      String sysimage,
      PersistentVolumeClaim claim,
      List<Job> jobs,
      List<Pod> pods,
      Instant now) {
    String why = refused.get(namespace + "/" + sysimage);
    if (why != null) {
      return new DepotCacheUse(
          false,
          DepotCacheUse.UNAVAILABLE,
          "the build could not mount the cache (" + why + "): building without it");
    }
    Map<String, Instant> mine = reserved.computeIfAbsent(namespace, n -> new HashMap<>());
    mine.values().removeIf(at -> at.plus(RESERVED).isBefore(now));
    List<String> holders = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Job job : jobs) {
      String owner = job.getMetadata().getLabels().get(Labels.SYSIMAGE);
      seen.add(owner);
      if (mounts(job) && !BuildJobStatus.ended(job) && !sysimage.equals(owner)) {
        holders.add(owner);
      }
    }
    // A pod holds the volume until it is gone, also when its Job says Failed first (before
    // Kubernetes 1.31 a Job can end before its pods do) or was deleted.
    for (Pod pod : pods) {
      String owner = pod.getMetadata().getLabels().get(Labels.SYSIMAGE);
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if (mounts(pod)
          && !"Succeeded".equals(phase)
          && !"Failed".equals(phase)
          && !sysimage.equals(owner)
          && !holders.contains(owner)) {
        holders.add(owner);
      }
    }
    // Once the informer shows a reserved build's Job, the Job says whether it still holds it.
    mine.keySet().removeIf(seen::contains);
    mine.keySet().stream().filter(s -> !sysimage.equals(s)).forEach(holders::add);
    DepotCacheUse use =
        DepotCacheUse.decide(
            settings,
            DepotCache.CLAIM,
            claim.getStatus() == null ? null : claim.getStatus().getPhase(),
            Objects.requireNonNullElse(claim.getSpec().getAccessModes(), List.of()),
            blocked.contains(namespace),
            holders.stream().sorted().toList());
    if (use.mount()) {
      mine.put(sysimage, now);
    }
    return use;
  }

  /** The Job of a build that reserved the cache was not made: the reservation goes. */
  synchronized void release(String namespace, String sysimage) {
    reserved.getOrDefault(namespace, new HashMap<>()).remove(sysimage);
  }

  /**
   * This sysimage's builds go without the cache from now on in this process: its build pod could
   * not have the volume ({@link dev.juliapod.build.BuildPods#volumeBlocked}); nor do later builds
   * of the namespace while the claim is not bound.
   */
  synchronized void refuse(String namespace, String sysimage, String why) {
    refused.put(namespace + "/" + sysimage, why);
    blocked.add(namespace);
    release(namespace, sysimage);
  }

  synchronized boolean refused(String namespace, String sysimage) {
    return refused.containsKey(namespace + "/" + sysimage);
  }

  /** Whether a build Job, or one of its pods, was made with the cache mounted. */
  static boolean mounts(HasMetadata jobOrPod) {
    return jobOrPod.getMetadata().getLabels() != null
        && Labels.DEPOT_CACHE_MOUNTED.equals(
            jobOrPod.getMetadata().getLabels().get(Labels.DEPOT_CACHE));
  }

  private PersistentVolumeClaim claim(KubernetesClient client, String namespace) {
    var resource =
        client.persistentVolumeClaims().inNamespace(namespace).withName(DepotCache.CLAIM);
    PersistentVolumeClaim existing = resource.get();
    if (existing != null) {
      return existing;
    }
    var made = Owners.create(client, DepotCache.claim(settings, namespace));
    if (made.isEmpty()) { // made meanwhile by another pass
      return Objects.requireNonNull(resource.get(), "the claim is being deleted");
    }
    LOG.info(
        "made the depot cache claim {}/{} ({}, {})",
        namespace,
        DepotCache.CLAIM,
        settings.size(),
        settings.accessMode());
    return made.get();
  }
}
