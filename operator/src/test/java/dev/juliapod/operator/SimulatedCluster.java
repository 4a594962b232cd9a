package dev.juliapod.operator;

import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The part of a cluster the CRUD mock server does not have: a Job controller that runs each Kaniko
 * Job to an outcome (a pod whose container terminates with the digest as its message, or with a
 * failure), a kubelet that runs session pods ({@link SimulatedKubelet}: ready by default, or
 * failing as a test chooses), and the garbage collector that deletes objects whose owners are all
 * gone. Used by the e2e module too.
 */
public final class SimulatedCluster implements AutoCloseable {
  /**
   * What a build ends in: a digest, or a container termination reason and exit code, with what the
   * container printed.
   */
  public record Outcome(String digest, String reason, int exitCode, String log, String disruption) {
    public static Outcome pushed(String digest) {
      return new Outcome(digest, "Completed", 0, "", null);
    }

    static Outcome failed(String reason, int exitCode) {
      return new Outcome(null, reason, exitCode, "", null);
    }

    static Outcome failed(String reason, int exitCode, String log) {
      return new Outcome(null, reason, exitCode, log, null);
    }

    /**
     * The pod was evicted or preempted (the DisruptionTarget condition, whose reason names who did
     * it), on an API server that fails the Job for it (no podFailurePolicy).
     */
    static Outcome disrupted(String reason) {
      return new Outcome(null, "Error", 137, "", reason);
    }
  }

  private final KubernetesClient client;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();

  /**
   * How a build Job ends: by default what {@link SimulatedKaniko} makes of its context and
   * Dockerfile; null keeps it running (a volume the kubelet cannot mount yet).
   */
  volatile Function<Job, Outcome> builds = this::kaniko;

  private final Map<String, String> refused = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Set<String> restricted =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Whether the API server keeps a Job's podFailurePolicy (on by default since Kubernetes 1.26, GA
   * in 1.31); false plays an older one, which drops the field (kubernetes
   * pkg/registry/batch/job/strategy.go), so a disrupted pod fails the Job.
   */
  volatile boolean honoursPodFailurePolicy = true;

  /** Claims, and build pods that cannot have theirs. */
  public final SimulatedVolumes volumes;

  /** The session pods' activity listeners ({@link SimulatedActivity}). */
  public final SimulatedActivity activity = new SimulatedActivity();

  /** While true, build Jobs stay running: the operator can be restarted under one. */
  volatile boolean holdBuilds;

  /** What the kubelet makes of a new session pod: by default it runs and is ready. */
  volatile Function<Pod, PodStatus> sessions = SimulatedKubelet.ready(null);

  /** How the kubelet runs session pods created from now on ({@link SimulatedKubelet}). */
  public void runSessions(Function<Pod, PodStatus> kubelet) {
    sessions = kubelet;
  }

  /** What the kubelet makes of a new worker pod: by default it runs and is ready. */
  volatile Function<Pod, PodStatus> workers = SimulatedKubelet.ready(null);

  /** How the kubelet runs worker pods created from now on ({@link SimulatedKubelet}). */
  public void runWorkers(Function<Pod, PodStatus> kubelet) {
    workers = kubelet;
  }

  public SimulatedCluster(KubernetesClient client) {
    this.client = client;
    this.volumes = new SimulatedVolumes(client);
    loop.scheduleWithFixedDelay(this::step, 20, 20, TimeUnit.MILLISECONDS);
  }

  public static String digestOf(Job job) {
    String seed = Integer.toHexString(job.getMetadata().getName().hashCode());
    return "sha256:" + (seed + "0".repeat(64)).substring(0, 64);
  }

  /** The simulated executor's outcome for a build Job. */
  public Outcome kaniko(Job job) {
    return SimulatedKaniko.run(client, job).orElse(null);
  }

  /**
   * Admission refuses every build pod in {@code namespace} until {@link #admitPods}: the Job stays
   * without a pod and the Job controller records a FailedCreate event for it, as Pod Security
   * admission, a ResourceQuota or a webhook make it do (kubernetes
   * pkg/controller/job/job_controller.go; admission checks pods, not Jobs' templates).
   */
  public void refusePods(String namespace, String message) {
    refused.put(namespace, message);
  }

  public void admitPods(String namespace) {
    refused.remove(namespace);
  }

  /**
   * {@code namespace} enforces Pod Security's restricted level: a build pod there is refused with
   * what admission names ({@link RestrictedPods}), as Kaniko's root container is.
   */
  public void enforceRestricted(String namespace) {
    restricted.add(namespace);
  }

  private boolean refuse(Job job) {
    String message = refused.get(job.getMetadata().getNamespace());
    if (message == null && restricted.contains(job.getMetadata().getNamespace())) {
      List<String> violations = RestrictedPods.violations(job.getSpec().getTemplate().getSpec());
      message =
          violations.isEmpty()
              ? null
              : "violates PodSecurity \"restricted:latest\": " + String.join(", ", violations);
    }
    if (message == null) {
      return false;
    }
    String uid = job.getMetadata().getUid();
    boolean recorded =
        client
            .v1()
            .events()
            .inNamespace(job.getMetadata().getNamespace())
            .list()
            .getItems()
            .stream()
            .anyMatch(
                e ->
                    "FailedCreate".equals(e.getReason())
                        && uid.equals(e.getInvolvedObject().getUid()));
    if (!recorded) {
      client
          .resource(
              new io.fabric8.kubernetes.api.model.EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(job.getMetadata().getName() + ".")
                  .withNamespace(job.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withKind("Job")
                  .withApiVersion("batch/v1")
                  .withName(job.getMetadata().getName())
                  .withNamespace(job.getMetadata().getNamespace())
                  .withUid(uid)
                  .endInvolvedObject()
                  .withType("Warning")
                  .withReason("FailedCreate")
                  .withMessage(
                      "Error creating: pods \""
                          + job.getMetadata().getName()
                          + "-x1\" is"
                          + " forbidden: "
                          + message)
                  .withLastTimestamp(Instant.now().toString())
                  .withCount(1)
                  .withNewSource("job-controller", null)
                  .build())
          .create();
    }
    return true;
  }

  /** Builds whose Kaniko memory limit is {@code limit} end OOMKilled; others build. */
  public void failWhenMemoryLimitIs(String limit) {
    Function<Job, Outcome> otherwise = builds;
    builds =
        job ->
            new Quantity(limit)
                    .equals(
                        job.getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getResources()
                            .getLimits()
                            .get("memory"))
                ? Outcome.failed("OOMKilled", 137)
                : otherwise.apply(job);
  }

  private void step() {
    try {
      collectGarbage();
      volumes.provision();
      for (Job job : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
        if (!holdBuilds
            && (job.getStatus() == null
                || job.getStatus().getConditions() == null
                || job.getStatus().getConditions().isEmpty())
            && !refuse(job)) {
          var blocked = volumes.blocked(job);
          if (blocked.isPresent()) {
            volumes.blockedPod(job, blocked.get());
            continue;
          }
          Outcome outcome = builds.apply(job);
          if (outcome != null
              && outcome.disruption() != null
              && honoursPodFailurePolicy
              && ignoresDisruptions(job)) {
            // podFailurePolicy Ignore on DisruptionTarget: the pod does not count against
            // the Job, which starts another (kubernetes pkg/controller/job, onlyReplaceFailedPods
            // and the Ignore action of pod failure policies).
            disruptedPod(client, job, outcome);
          } else if (outcome != null) {
            finish(client, job, outcome);
          } else {
            waitingPod(client, job);
          }
        }
      }
      for (Pod pod :
          client
              .pods()
              .inAnyNamespace()
              .withLabel("app.kubernetes.io/component", "session")
              .list()
              .getItems()) {
        if ((pod.getStatus() == null || pod.getStatus().getPhase() == null) && mountable(pod)) {
          pod.setStatus(sessions.apply(pod));
          activity.started(pod);
          client.resource(pod).updateStatus();
        }
      }
      for (var service :
          client
              .services()
              .inAnyNamespace()
              .withLabel("app.kubernetes.io/component", "worker")
              .list()
              .getItems()) {
        if (service.getSpec().getClusterIPs() == null
            || service.getSpec().getClusterIPs().isEmpty()) {
          storedAsTheApiServerDoes(service);
        }
      }
      for (Pod pod :
          client
              .pods()
              .inAnyNamespace()
              .withLabel("app.kubernetes.io/component", "worker")
              .list()
              .getItems()) {
        if ((pod.getStatus() == null || pod.getStatus().getPhase() == null) && mountable(pod)) {
          pod.setStatus(workers.apply(pod));
          client.resource(pod).updateStatus();
        }
      }
    } catch (KubernetesClientException | IllegalStateException e) {
      // The operator or the test may change the same objects; try again next tick.
    } catch (RuntimeException e) {
      // Anything else is a fault of this simulation. Thrown out of a task of
      // scheduleWithFixedDelay, it would end the loop without a word (ScheduledExecutorService:
      // "subsequent executions are suppressed"), and every build and session after it would
      // wait forever; say it, and go on with the next tick.
      System.err.println("SimulatedCluster: a step failed; trying again next tick");
      e.printStackTrace();
    }
  }

  /**
   * A Service as the API server stores it, which the CRUD mock does not: defaults filled in
   * (clusterIPs, ipFamilies, sessionAffinity, internalTrafficPolicy; kubernetes
   * pkg/registry/core/service/strategy.go and pkg/apis/core/v1/defaults.go) and false booleans gone
   * (omitempty in the API's JSON). A dependent that compared the whole spec would write it at every
   * pass.
   */
  private void storedAsTheApiServerDoes(io.fabric8.kubernetes.api.model.Service service) {
    var spec = service.getSpec();
    spec.setClusterIPs(
        new java.util.ArrayList<>(
            List.of(spec.getClusterIP() == null ? "10.96.0.10" : spec.getClusterIP())));
    spec.setIpFamilies(new java.util.ArrayList<>(List.of("IPv4")));
    if (spec.getSessionAffinity() == null) {
      spec.setSessionAffinity("None");
    }
    if (spec.getInternalTrafficPolicy() == null) {
      spec.setInternalTrafficPolicy("Cluster");
    }
    if (Boolean.FALSE.equals(spec.getPublishNotReadyAddresses())) {
      spec.setPublishNotReadyAddresses(null);
    }
    client.resource(service).update();
  }

  /**
   * Whether the kubelet can start the pod: it waits, the containers in ContainerCreating, until
   * every ConfigMap and Secret a volume names (and does not mark optional) exists (kubernetes
   * pkg/kubelet/volumemanager, WaitForAttachAndMount; a FailedMount event). Here it leaves the pod
   * without a status and looks again next tick.
   */
  private boolean mountable(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    for (var volume : pod.getSpec().getVolumes()) {
      if (volume.getSecret() != null
          && !Boolean.TRUE.equals(volume.getSecret().getOptional())
          && client.secrets().inNamespace(ns).withName(volume.getSecret().getSecretName()).get()
              == null) {
        return false;
      }
      if (volume.getConfigMap() != null
          && !Boolean.TRUE.equals(volume.getConfigMap().getOptional())
          && client.configMaps().inNamespace(ns).withName(volume.getConfigMap().getName()).get()
              == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * What the kubelet reports once a session pod's containers run; every pod at 127.0.0.1, where a
   * benchmark's activity listener answers for all of them (ActivityListener in e2e).
   */
  public static void markReady(KubernetesClient client, Pod pod) {
    pod.setStatus(
        new PodBuilder()
            .withNewStatus()
            .withPhase("Running")
            .withPodIP("127.0.0.1")
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build()
            .getStatus());
    client.resource(pod).updateStatus();
  }

  /**
   * The Job controller names pods with a random suffix (generateName), so no pod reuses another's
   * name, neither a replacement nor a new Job's: here `<job>-x1`, or the next free number.
   */
  private static String podName(KubernetesClient client, Job job) {
    for (int n = 1; ; n++) {
      String name = job.getMetadata().getName() + "-x" + n;
      Pod existing =
          client.pods().inNamespace(job.getMetadata().getNamespace()).withName(name).get();
      if (existing == null) {
        return name;
      }
    }
  }

  private static boolean ignoresDisruptions(Job job) {
    var policy = job.getSpec().getPodFailurePolicy();
    return policy != null
        && policy.getRules().stream()
            .anyMatch(
                r ->
                    "Ignore".equals(r.getAction())
                        && r.getOnPodConditions() != null
                        && r.getOnPodConditions().stream()
                            .anyMatch(c -> "DisruptionTarget".equals(c.getType())));
  }

  /**
   * A pod as the Job controller makes it: the template's spec and labels, owned by the Job, and
   * labelled with the Job's uid (kubernetes pkg/controller/job, batch.kubernetes.io/controller-uid
   * since 1.27, controller-uid before).
   */
  static Pod jobPod(KubernetesClient client, Job job) {
    Map<String, String> labels =
        new java.util.TreeMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
    labels.put("controller-uid", job.getMetadata().getUid());
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName(client, job))
            .withNamespace(job.getMetadata().getNamespace())
            .withLabels(labels)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withName(job.getMetadata().getName())
                    .withUid(job.getMetadata().getUid())
                    .withController(true)
                    .build())
            .withCreationTimestamp(Instant.now().toString())
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    return pod;
  }

  /**
   * A Job whose pod cannot start yet (a volume the kubelet cannot mount): the Job controller has
   * made its pod all the same, and the kubelet keeps it Pending with its container in
   * ContainerCreating while it retries the mount (the FailedMount events are left out).
   */
  private static void waitingPod(KubernetesClient client, Job job) {
    Job now = client.resource(job).get();
    boolean ended =
        now == null
            || !now.getMetadata().getUid().equals(job.getMetadata().getUid())
            || (now.getStatus() != null
                && now.getStatus().getConditions() != null
                && !now.getStatus().getConditions().isEmpty());
    if (ended || podOf(client, job) != null) { // a test's build may have ended it itself
      return;
    }
    Pod pod = jobPod(client, job);
    pod.getSpec().setNodeName("node-1"); // scheduled: the kubelet is what waits
    client.resource(pod).create();
    pod.setStatus(containerCreating());
    client.resource(pod).updateStatus();
  }

  /** A pod on its node whose container the kubelet has not started: Pending, ContainerCreating. */
  static PodStatus containerCreating() {
    return new PodBuilder()
        .withNewStatus()
        .withPhase("Pending")
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("kaniko")
                .withReady(false)
                .withNewState()
                .withNewWaiting()
                .withReason("ContainerCreating")
                .endWaiting()
                .endState()
                .build())
        .endStatus()
        .build()
        .getStatus();
  }

  /** The Job's pod that has not started, if it has one. */
  private static Pod podOf(KubernetesClient client, Job job) {
    return client
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel("batch.kubernetes.io/controller-uid", job.getMetadata().getUid())
        .list()
        .getItems()
        .stream()
        // no phase yet: made, its status not written (a write of this loop can fail)
        .filter(
            p ->
                p.getStatus() == null
                    || p.getStatus().getPhase() == null
                    || "Pending".equals(p.getStatus().getPhase()))
        .findFirst()
        .orElse(null);
  }

  /** A pod of the Job stopped by the cluster; the Job itself goes on. */
  private static void disruptedPod(KubernetesClient client, Job job, Outcome outcome) {
    Pod pod = jobPod(client, job);
    client.resource(pod).create();
    pod.setStatus(
        new PodBuilder()
            .withNewStatus()
            .withPhase("Failed")
            .addNewCondition()
            .withType("DisruptionTarget")
            .withStatus("True")
            .withReason(outcome.disruption())
            .endCondition()
            .endStatus()
            .build()
            .getStatus());
    client.resource(pod).updateStatus();
  }

  /** A Job that completed and whose pod is gone since (deleted, or lost with its node). */
  public static void completeWithoutPod(KubernetesClient client, Job job) {
    job.setStatus(
        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
            .withConditions(
                new JobConditionBuilder().withType("Complete").withStatus("True").build())
            .build());
    client.resource(job).updateStatus();
  }

  /** What the Job controller and the kubelet leave when a build Job ends in {@code outcome}. */
  public static void finish(KubernetesClient client, Job listed, Outcome outcome) {
    // The Job as it is now: one listed moments ago may since have been deleted and replaced
    // by a new Job of the same name, whose status this outcome is not (the Job controller
    // works on uids, and the API server refuses a write to a version that is gone).
    Job job =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(listed.getMetadata().getNamespace())
            .withName(listed.getMetadata().getName())
            .get();
    if (job == null || !job.getMetadata().getUid().equals(listed.getMetadata().getUid())) {
      return;
    }
    Pod waiting = podOf(client, job);
    Pod pod = waiting != null ? waiting : jobPod(client, job);
    if (waiting == null) {
      client.resource(pod).create();
    }
    pod.setStatus(
        new PodBuilder()
            .withNewStatus()
            .withPhase(outcome.digest() != null ? "Succeeded" : "Failed")
            .withConditions(
                outcome.disruption() == null
                    ? List.of()
                    : List.of(
                        new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                            .withType("DisruptionTarget")
                            .withStatus("True")
                            .withReason(outcome.disruption())
                            .withMessage("the pod was stopped by " + outcome.disruption())
                            .build()))
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("kaniko")
                    .withNewState()
                    .withNewTerminated()
                    .withReason(outcome.reason())
                    .withExitCode(outcome.exitCode())
                    .withMessage(terminationMessage(job, outcome))
                    .endTerminated()
                    .endState()
                    .build())
            .endStatus()
            .build()
            .getStatus());
    client.resource(pod).updateStatus();
    job.setStatus(
        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
            .withConditions(
                new JobConditionBuilder()
                    .withType(outcome.digest() != null ? "Complete" : "Failed")
                    .withStatus("True")
                    .withReason(outcome.digest() != null ? null : "BackoffLimitExceeded")
                    .build())
            .build());
    client.resource(job).updateStatus();
  }

  /**
   * The kubelet's termination message: the file Kaniko wrote the digest to; when that is empty and
   * the container failed, with policy FallbackToLogsOnError, the end of its log.
   */
  static String terminationMessage(Job job, Outcome outcome) {
    return terminationMessage(
        job.getSpec().getTemplate().getSpec().getContainers().get(0).getTerminationMessagePolicy(),
        outcome.digest(),
        outcome.exitCode(),
        outcome.log());
  }

  /**
   * What the kubelet keeps of a container that ended: what it wrote to its termination file, after
   * a clean exit too; else, when it failed and its policy is FallbackToLogsOnError, the end of its
   * log, at most 2048 bytes or 80 lines (kubernetes
   * pkg/kubelet/kuberuntime/kuberuntime_container.go, convertToKubeContainerStatus and
   * readLastStringFromContainerLogs, with MaxContainerTerminationMessageLogLength and
   * MaxContainerTerminationMessageLogLines of pkg/kubelet/container/runtime.go).
   */
  static String terminationMessage(String policy, String written, int exitCode, String log) {
    if (written != null && !written.isEmpty()) {
      return written.length() <= 4096 ? written : written.substring(0, 4096);
    }
    if (exitCode == 0 || !"FallbackToLogsOnError".equals(policy) || log == null || log.isEmpty()) {
      return null;
    }
    List<String> lines = List.of(log.split("\n"));
    String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    return tail.length() <= 2048 ? tail : tail.substring(tail.length() - 2048);
  }

  /**
   * Kubernetes deletes a dependent once none of its owners exists any more. Like its garbage
   * collector, this decides on the dependent as it is now, not as it was listed: it reads the
   * latest version and its owner references before it deletes (kubernetes
   * pkg/controller/garbagecollector/garbagecollector.go, attemptToDeleteItem), so a dependent that
   * a new owner took over in between is kept. A change between that read and the delete is not seen
   * here, as on clusters before kubernetes PR #132632 (issue #114603), whose collector deletes with
   * a resourceVersion precondition.
   */
  private void collectGarbage() {
    List<HasMetadata> dependents = new ArrayList<>();
    dependents.addAll(client.resources(JuliaSysimage.class).inAnyNamespace().list().getItems());
    dependents.addAll(client.batch().v1().jobs().inAnyNamespace().list().getItems());
    dependents.addAll(client.pods().inAnyNamespace().list().getItems());
    dependents.addAll(client.configMaps().inAnyNamespace().list().getItems());
    dependents.addAll(client.persistentVolumeClaims().inAnyNamespace().list().getItems());
    for (HasMetadata listed : dependents) {
      if (ownersGone(listed)) {
        HasMetadata latest = client.resource(listed).get();
        if (latest != null
            && latest.getMetadata().getUid().equals(listed.getMetadata().getUid())
            && ownersGone(latest)) {
          client.resource(latest).delete();
        }
      }
    }
  }

  private boolean ownersGone(HasMetadata dependent) {
    List<OwnerReference> owners = dependent.getMetadata().getOwnerReferences();
    return owners != null
        && !owners.isEmpty()
        && owners.stream()
            .noneMatch(o -> OwnerLookup.exists(client, o, dependent.getMetadata().getNamespace()));
  }

  @Override
  public void close() {
    loop.shutdownNow();
    activity.close();
  }
}
