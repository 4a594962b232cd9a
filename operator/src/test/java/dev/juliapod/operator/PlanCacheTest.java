package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.plan.BaseImage;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.ProjectFiles;
import dev.juliapod.plan.ProjectSources;
import org.junit.jupiter.api.Test;

class PlanCacheTest {
  static JuliaPod hello(String uid, long generation) throws Exception {
    JuliaPod pod = SysimageReadinessTest.hello();
    pod.getMetadata().setUid(uid);
    pod.getMetadata().setGeneration(generation);
    return pod;
  }

  @Test
  void aPlanIsReusedUntilTheSpecOrTheFilesChange() throws Exception {
    PlanCache cache = new PlanCache(OperatorDefaults.builtIn(), 1_000_000);
    JuliaPod pod = hello("u1", 1);
    ProjectFiles files = ProjectSources.inline(pod);

    Plan first = cache.plan(pod, files, null);
    assertThat(cache.plan(hello("u1", 1), ProjectSources.inline(hello("u1", 1)), null))
        .isSameAs(first);

    JuliaPod edited = hello("u1", 2);
    edited.getSpec().project.inline.manifestToml =
        edited
            .getSpec()
            .project
            .inline
            .manifestToml
            .replace("version = \"0.5.3\"", "version = \"0.5.4\"");
    Plan second = cache.plan(edited, ProjectSources.inline(edited), null);
    assertThat(second).isNotSameAs(first);
    assertThat(second.sysimage().name()).isNotEqualTo(first.sysimage().name());

    // Same generation, other files (a referenced ConfigMap changed): planned again.
    ProjectFiles otherFiles =
        new ProjectFiles(
            files.projectToml(),
            files.projectLabel(),
            files.manifestToml() + "\n",
            files.manifestLabel());
    assertThat(cache.plan(edited, otherFiles, null)).isNotSameAs(second);
  }

  /** A base image resolved since the last plan (the registry is back) is a new plan. */
  @Test
  void aNewlyResolvedBaseImageIsPlannedAgain() throws Exception {
    PlanCache cache = new PlanCache(OperatorDefaults.builtIn(), 1_000_000);
    JuliaPod pod = hello("u1", 1);
    ProjectFiles files = ProjectSources.inline(pod);
    BaseImage byTag = BaseImage.of("julia:1.11.7", "no answer");
    BaseImage byDigest = BaseImage.resolved("julia:1.11.7", "sha256:" + "ab".repeat(32));

    Plan first = cache.plan(pod, files, byTag);
    assertThat(cache.plan(pod, files, BaseImage.of("julia:1.11.7", "no answer"))).isSameAs(first);
    Plan resolved = cache.plan(pod, files, byDigest);
    assertThat(resolved.sysimage().baseImage()).isEqualTo(byDigest.ref());
    assertThat(resolved.sysimage().name()).isNotEqualTo(first.sysimage().name());
  }

  @Test
  void theLeastRecentlyUsedPlansGoWhenTheTextBoundIsReached() throws Exception {
    ProjectFiles files = ProjectSources.inline(hello("x", 1));
    long one = files.projectToml().length() + files.manifestToml().length();
    PlanCache cache = new PlanCache(OperatorDefaults.builtIn(), 3 * one);

    Plan a = cache.plan(hello("a", 1), files, null);
    cache.plan(hello("b", 1), files, null);
    cache.plan(hello("c", 1), files, null);
    cache.plan(hello("a", 1), files, null); // a is now the most recently used
    cache.plan(hello("d", 1), files, null); // b goes

    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.plan(hello("a", 1), files, null)).isSameAs(a);

    cache.forget(hello("a", 1)); // deleted: its plan goes at once
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.plan(hello("a", 1), files, null)).isNotSameAs(a);
  }

  @Test
  void juliaPodsOfOnePlanHoldOneCopyOfItsSysimagePlan() throws Exception {
    ProjectFiles files = ProjectSources.inline(hello("x", 1));
    PlanCache cache = new PlanCache(OperatorDefaults.builtIn(), 1_000_000);
    Plan a = cache.plan(hello("a", 1), files, null);
    JuliaPod bob = hello("b", 1);
    bob.getMetadata().setName("bob");
    Plan b = cache.plan(bob, files, null);
    assertThat(b.sysimage()).isSameAs(a.sysimage());
    assertThat(b.strip()).isSameAs(a.strip());
    assertThat(b.podName()).isEqualTo("bob-repl");
    assertThat(cache.sysimagePlans()).isEqualTo(1);

    cache.forget(hello("a", 1));
    assertThat(cache.sysimagePlans()).isEqualTo(1);
    cache.forget(hello("b", 1));
    assertThat(cache.sysimagePlans()).isZero();
  }
}
