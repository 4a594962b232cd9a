package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A build pod the API server refuses (Pod Security admission here) is a reason with the refusal's
 * words, not three hours of "Building"; once the namespace admits it, the Job controller's next try
 * builds and the JuliaPod gets Ready without an edit.
 */
@EnableKubernetesMockClient(crud = true)
class BuildPodRejectedTest extends OperatorTestBase {
  static final String PSA =
      "violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation"
          + " != false (container \"kaniko\" must set securityContext.allowPrivilegeEscalation=false),"
          + " runAsNonRoot != true (pod or container \"kaniko\" must set"
          + " securityContext.runAsNonRoot=true)";

  /**
   * What the simulated Pod Security admission makes of the build pod the operator renders (the
   * check CentralBuildsTest relies on to say that builds stay out of restricted namespaces): Kaniko
   * runs as root, so a namespace that enforces restricted refuses it, naming the container.
   */
  @Test
  void aNamespaceEnforcingRestrictedRefusesTheKanikoPod() throws Exception {
    cluster.enforceRestricted(ns);
    client.resource(hello("hello")).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get("hello").getStatus().message)
                    .contains("BuildPodRejected")
                    .contains("violates PodSecurity \"restricted:latest\"")
                    .contains("runAsNonRoot != true (container \"kaniko\""));
  }

  @Test
  void aRefusedBuildPodStallsWithTheRefusalAndRecoversWhenAdmitted() throws Exception {
    cluster.refusePods(ns, PSA);
    client.resource(hello("hello")).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaPod pod = get("hello");
              assertThat(pod.getStatus()).isNotNull();
              assertThat(pod.getStatus().phase).isEqualTo("Failed");
              assertThat(pod.getStatus().message).contains("BuildPodRejected");
            });
    JuliaSysimage sysimage =
        client
            .resources(JuliaSysimage.class)
            .inNamespace(ns)
            .withName(get("hello").getStatus().sysimage)
            .get();
    assertThat(sysimage.getStatus().message)
        .contains(
            "refuses the build pod",
            "violates PodSecurity \"restricted:latest\"",
            "pod-security.kubernetes.io/enforce=" + "baseline");
    assertThat(sysimage.getStatus().conditions)
        .anyMatch(
            c ->
                c.getType().equals("Stalled")
                    && c.getStatus().equals("True")
                    && c.getReason().equals("BuildPodRejected"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(ns).list().getItems())
                    .anyMatch(
                        e ->
                            "BuildPodRejected".equals(e.getReason())
                                && e.getInvolvedObject().getKind().equals("JuliaSysimage")));

    cluster.admitPods(ns); // the admin labels the namespace baseline
    JuliaPod ready = awaitPhase("hello", "Ready");
    assertThat(ready.getStatus().image).contains("@sha256:");
    assertThat(jobs()).as("the same Job, not a second build").hasSize(1);
  }

  /** A refused Job keeps its pod template: an edit of the build makes a new Job. */
  @Test
  void anEditOfTheBuildWhileRefusedReplacesTheJob() throws Exception {
    cluster.refusePods(ns, "exceeded quota: compute, requested: requests.memory=8Gi");
    client.resource(hello("hello")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(get("hello").getStatus()).isNotNull();
              assertThat(get("hello").getStatus().message)
                  .contains("BuildPodRejected", "ResourceQuota");
            });
    String first = jobs().get(0).getMetadata().getUid();

    edit(
        "hello",
        p ->
            p.getSpec().build.resources =
                new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                    .withRequests(
                        java.util.Map.of(
                            "memory", new io.fabric8.kubernetes.api.model.Quantity("4Gi")))
                    .build());
    cluster.admitPods(ns);
    JuliaPod ready = awaitPhase("hello", "Ready");
    assertThat(jobs()).hasSize(1);
    assertThat(jobs().get(0).getMetadata().getUid()).as("a new Job").isNotEqualTo(first);
    assertThat(
            jobs()
                .get(0)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getRequests()
                .get("memory")
                .toString())
        .isEqualTo("4Gi");
    assertThat(ready.getStatus().image).contains("@sha256:");
  }
}
