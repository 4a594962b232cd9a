package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.julia.Sha256;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** The session pod's hash: taken once per plan and image, and an older operator's pods kept. */
class SessionTemplateTest {
  private static final String IMAGE = "registry.test/juliapod@sha256:1";

  @Test
  void aPodMadeByThisOrAnEarlierOperatorForTheSameSpecIsKept() throws Exception {
    Plan plan = TestBases.plan(SysimageReadinessTest.hello(), OperatorTestBase.defaults());
    SessionTemplate template = new SessionTemplate();
    String hash = template.hash(plan, IMAGE);
    assertThat(template.hash(plan, IMAGE)).isSameAs(hash);
    assertThat(template.madeFor(plan, IMAGE, hash, false)).isTrue();

    // What operators before wrote: the hash of the spec's YAML, before culling and workers.
    String yaml =
        Sha256.hex(
                new KubernetesSerialization()
                    .asYaml(SessionPod.of(plan, IMAGE, false, false).getSpec()))
            .substring(0, 16);
    assertThat(yaml).isNotEqualTo(hash);
    assertThat(template.madeFor(plan, IMAGE, yaml, false)).isTrue();

    assertThat(template.madeFor(plan, "registry.test/juliapod@sha256:2", hash, false)).isFalse();
    assertThat(template.madeFor(plan, IMAGE, "0123456789abcdef", false)).isFalse();
    assertThat(template.madeFor(plan, IMAGE, null, false)).isFalse();
  }

  /** Turning idle culling on or off, or changing the timeout, restarts no REPL. */
  @Test
  void aPodMadeWithCullingTheOtherWayIsKept() throws Exception {
    var hello = SysimageReadinessTest.hello();
    Plan off = TestBases.plan(hello, OperatorTestBase.defaults());
    String withoutListener = new SessionTemplate().hash(off, IMAGE);
    hello.getSpec().session.idleTimeout = "45m";
    Plan on = TestBases.plan(hello, OperatorTestBase.defaults());
    SessionTemplate template = new SessionTemplate();
    String withListener = template.hash(on, IMAGE);
    assertThat(withListener).isNotEqualTo(withoutListener);
    assertThat(template.madeFor(on, IMAGE, withoutListener, false)).isTrue();
    hello.getSpec().session.idleTimeout = "2h";
    Plan longer = TestBases.plan(hello, OperatorTestBase.defaults());
    assertThat(new SessionTemplate().hash(longer, IMAGE)).isEqualTo(withListener);
    assertThat(new SessionTemplate().madeFor(off, IMAGE, withListener, false)).isTrue();
  }

  /**
   * A REPL started before workers existed runs on after the upgrade, and restarts once (to get the
   * cookie and the module) only when workers are asked for.
   */
  @Test
  void aPodFromBeforeWorkersIsKeptUntilWorkersAreAskedFor() throws Exception {
    Plan plan = TestBases.plan(SysimageReadinessTest.hello(), OperatorTestBase.defaults());
    var before = SessionPod.of(plan, IMAGE, false, false);
    String old =
        Sha256.hex(new KubernetesSerialization().asJson(before.getSpec())).substring(0, 16);
    SessionTemplate template = new SessionTemplate();
    assertThat(template.hash(plan, IMAGE)).isNotEqualTo(old);
    assertThat(template.madeFor(plan, IMAGE, old, false)).isTrue();
    assertThat(template.madeFor(plan, IMAGE, old, true)).isFalse();
    assertThat(template.madeFor(plan, IMAGE, template.hash(plan, IMAGE), true)).isTrue();
  }

  /** Taken once per image and workers spec; a new image or new resources give another. */
  @Test
  void theWorkersHashFollowsTheImageAndTheirSpec() throws Exception {
    Plan plan = TestBases.plan(SysimageReadinessTest.hello(), OperatorTestBase.defaults());
    var spec = new dev.juliapod.api.WorkersSpec();
    spec.replicas = 2;
    SessionTemplate template = new SessionTemplate();
    String hash = template.workerHash(plan, IMAGE, spec);
    assertThat(template.workerHash(plan, IMAGE, spec)).isSameAs(hash);
    assertThat(hash)
        .isEqualTo(
            Sha256.hex(
                    new KubernetesSerialization()
                        .asJson(dev.juliapod.session.WorkerPod.of(plan, IMAGE, spec, 1).getSpec()))
                .substring(0, 16));
    assertThat(template.workerHash(plan, "registry.test/juliapod@sha256:2", spec))
        .isNotEqualTo(hash);
    var bigger = new dev.juliapod.api.WorkersSpec();
    bigger.resources =
        new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
            .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("32Gi"))
            .build();
    assertThat(template.workerHash(plan, IMAGE, bigger)).isNotEqualTo(hash);
  }

  @Test
  void thePodCreatedIsTheOneHashed() throws Exception {
    Plan plan = TestBases.plan(SysimageReadinessTest.hello(), OperatorTestBase.defaults());
    SessionTemplate template = new SessionTemplate();
    String hash = template.hash(plan, IMAGE);
    var pod = template.pod(plan, IMAGE);
    assertThat(Sha256.hex(new KubernetesSerialization().asJson(pod.getSpec())).substring(0, 16))
        .isEqualTo(hash);
    assertThat(template.pod(plan, IMAGE)).isNotSameAs(pod).isEqualTo(pod);
  }
}
