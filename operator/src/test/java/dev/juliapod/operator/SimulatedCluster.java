package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
 * The part of a cluster the CRUD mock server does not have: a Job controller that runs each
 * Kaniko Job to an outcome (a pod whose container terminates with the digest as its message,
 * or with a failure), a kubelet that marks session pods running and ready, and the garbage
 * collector that deletes objects whose owners are all gone. Used by the e2e module too.
 */
public final class SimulatedCluster implements AutoCloseable {
  /** What a build ends in: a digest, or a container termination reason and exit code. */
  public record Outcome(String digest, String reason, int exitCode) {
    public static Outcome pushed(String digest) {
      return new Outcome(digest, "Completed", 0);
    }

    static Outcome failed(String reason, int exitCode) {
      return new Outcome(null, reason, exitCode);
    }
  }

  private final KubernetesClient client;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
  volatile Function<Job, Outcome> builds = job -> Outcome.pushed(digestOf(job));
  /** While true, build Jobs stay running: the operator can be restarted under one. */
  volatile boolean holdBuilds;

  public SimulatedCluster(KubernetesClient client) {
    this.client = client;
    loop.scheduleWithFixedDelay(this::step, 20, 20, TimeUnit.MILLISECONDS);
  }

  public static String digestOf(Job job) {
    String seed = Integer.toHexString(job.getMetadata().getName().hashCode());
    return "sha256:" + (seed + "0".repeat(64)).substring(0, 64);
  }

  /** Builds whose Kaniko memory limit is {@code limit} end OOMKilled; others push. */
  public void failWhenMemoryLimitIs(String limit) {
    builds = job -> new Quantity(limit).equals(job.getSpec().getTemplate().getSpec()
        .getContainers().get(0).getResources().getLimits().get("memory"))
        ? Outcome.failed("OOMKilled", 137) : Outcome.pushed(digestOf(job));
  }

  private void step() {
    try {
      collectGarbage();
      for (Job job : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
        if (!holdBuilds && (job.getStatus() == null || job.getStatus().getConditions() == null
            || job.getStatus().getConditions().isEmpty())) {
          finish(client, job, builds.apply(job));
        }
      }
      for (Pod pod : client.pods().inAnyNamespace().withLabel("app.kubernetes.io/component",
          "session").list().getItems()) {
        if (pod.getStatus() == null || pod.getStatus().getPhase() == null) {
          markReady(client, pod);
        }
      }
    } catch (KubernetesClientException | IllegalStateException e) {
      // The operator or the test may change the same objects; try again next tick.
    }
  }

  /** What the kubelet reports once a session pod's containers run. */
  public static void markReady(KubernetesClient client, Pod pod) {
    pod.setStatus(new PodBuilder().withNewStatus().withPhase("Running").addNewCondition()
        .withType("Ready").withStatus("True").endCondition().endStatus().build().getStatus());
    client.resource(pod).updateStatus();
  }

  /** What the Job controller and the kubelet leave when a build Job ends in {@code outcome}. */
  public static void finish(KubernetesClient client, Job job, Outcome outcome) {
    Map<String, String> labels = job.getSpec().getTemplate().getMetadata().getLabels();
    Pod pod = new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-x1")
        .withNamespace(job.getMetadata().getNamespace()).withLabels(labels)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1")
            .withKind("Job").withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid()).withController(true).build())
        .withCreationTimestamp(Instant.now().toString()).endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec()).build();
    client.resource(pod).createOr(p -> p.update());
    pod.setStatus(new PodBuilder().withNewStatus().withPhase(outcome.digest() != null
        ? "Succeeded" : "Failed").withContainerStatuses(new ContainerStatusBuilder()
        .withName("kaniko").withNewState().withNewTerminated().withReason(outcome.reason())
        .withExitCode(outcome.exitCode()).withMessage(outcome.digest()).endTerminated()
        .endState().build()).endStatus().build().getStatus());
    client.resource(pod).updateStatus();
    job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
        .withConditions(new JobConditionBuilder()
            .withType(outcome.digest() != null ? "Complete" : "Failed").withStatus("True")
            .withReason(outcome.digest() != null ? null : "BackoffLimitExceeded").build())
        .build());
    client.resource(job).updateStatus();
  }

  /** Kubernetes deletes a dependent once none of its owners exists any more. */
  private void collectGarbage() {
    List<HasMetadata> dependents = new ArrayList<>();
    dependents.addAll(client.resources(JuliaSysimage.class).inAnyNamespace().list().getItems());
    dependents.addAll(client.batch().v1().jobs().inAnyNamespace().list().getItems());
    dependents.addAll(client.pods().inAnyNamespace().list().getItems());
    dependents.addAll(client.configMaps().inAnyNamespace().list().getItems());
    dependents.addAll(client.persistentVolumeClaims().inAnyNamespace().list().getItems());
    for (HasMetadata dependent : dependents) {
      List<OwnerReference> owners = dependent.getMetadata().getOwnerReferences();
      if (owners != null && !owners.isEmpty()
          && owners.stream().noneMatch(o -> exists(o, dependent.getMetadata().getNamespace()))) {
        client.resource(dependent).delete();
      }
    }
  }

  private boolean exists(OwnerReference owner, String namespace) {
    HasMetadata found = switch (owner.getKind()) {
      case "JuliaPod" -> client.resources(JuliaPod.class).inNamespace(namespace)
          .withName(owner.getName()).get();
      case "JuliaSysimage" -> client.resources(JuliaSysimage.class).inNamespace(namespace)
          .withName(owner.getName()).get();
      case "Job" -> client.batch().v1().jobs().inNamespace(namespace)
          .withName(owner.getName()).get();
      default -> throw new IllegalStateException("no owner lookup for " + owner.getKind());
    };
    return found != null && owner.getUid().equals(found.getMetadata().getUid());
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
