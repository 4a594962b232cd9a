package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.build.BuildContext;
import dev.juliapod.build.ContextArchive;
import dev.juliapod.build.KanikoJob;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.Planner;
import dev.juliapod.plan.ProjectSources;
import dev.juliapod.plan.SysimagePlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated executor fails what the real one fails: a build context that is a ConfigMap mounted
 * as a directory (its files are the kubelet's symlinks, which Kaniko's COPY copies as dangling
 * links) fails at the first RUN; the context the operator renders builds.
 */
@EnableKubernetesMockClient(crud = true)
class SimulatedKanikoTest {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  static KubernetesClient client;
  String ns;

  @BeforeEach
  void namespace() {
    ns = "kaniko-" + NAMESPACES.incrementAndGet();
  }

  static SysimagePlan hello() throws Exception {
    JuliaPod pod =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(OperatorTestBase.ROOT.resolve("examples/hello/juliapod.yaml")),
                JuliaPod.class);
    Plan plan = Planner.plan(pod, ProjectSources.inline(pod), OperatorDefaults.builtIn());
    return plan.sysimage();
  }

  SimulatedCluster.Outcome build(ConfigMap context, Job job) {
    client.resource(context).create();
    return SimulatedKaniko.run(client, job).orElseThrow();
  }

  @Test
  void theRenderedTarContextBuilds() throws Exception {
    SysimagePlan plan = hello();
    SimulatedCluster.Outcome outcome =
        build(KanikoJob.context(plan, ns), KanikoJob.job(plan, ns, List.of()));
    assertThat(outcome.log()).isEmpty();
    assertThat(outcome.digest()).startsWith("sha256:");
  }

  /**
   * What juliapod rendered before: the files as ConfigMap data, mounted at /workspace, and
   * `--context=dir:///workspace`. Kaniko copies Project.toml as a link to ..data/Project.toml.
   */
  @Test
  void aConfigMapMountedAsTheContextDirectoryFailsAtTheFirstRun() throws Exception {
    SysimagePlan plan = hello();
    ConfigMap asData =
        new ConfigMapBuilder(KanikoJob.context(plan, ns))
            .withBinaryData(null)
            .withData(BuildContext.files(plan))
            .build();
    Job job =
        withArgs(
            KanikoJob.job(plan, ns, List.of()),
            "--context=dir:///workspace",
            "--dockerfile=/workspace/Dockerfile");

    SimulatedCluster.Outcome outcome = build(asData, job);

    assertThat(outcome.digest()).isNull();
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.log())
        .contains("opening file \"/opt/juliapod/project/Project.toml\"")
        .contains("symlink to ..data/Project.toml")
        .contains("kaniko#1382");
  }

  /** The plan's context ConfigMap holding {@code archive} instead of the rendered one. */
  ConfigMap contextHolding(SysimagePlan plan, byte[] archive) {
    return new ConfigMapBuilder(KanikoJob.context(plan, ns))
        .withBinaryData(Map.of(ContextArchive.KEY, Base64.getEncoder().encodeToString(archive)))
        .build();
  }

  @Test
  void aContextThatIsNotGzipFails() throws Exception {
    SysimagePlan plan = hello();
    SimulatedCluster.Outcome outcome =
        build(contextHolding(plan, "not gzip".getBytes()), KanikoJob.job(plan, ns, List.of()));

    assertThat(outcome.log()).contains("gzip: invalid header");
  }

  @Test
  void aCopyOfAFileTheContextLacksFails() throws Exception {
    SysimagePlan plan = hello();
    Map<String, String> files = new LinkedHashMap<>(BuildContext.files(plan));
    files.remove("build.jl");

    SimulatedCluster.Outcome outcome =
        build(contextHolding(plan, ContextArchive.of(files)), KanikoJob.job(plan, ns, List.of()));

    assertThat(outcome.log()).contains("failed to get fileinfo for build.jl");
  }

  @Test
  void runMountIsRefusedAsUpstreamKanikoIgnoresIt() throws Exception {
    SysimagePlan plan = hello();
    Map<String, String> files = new LinkedHashMap<>(BuildContext.files(plan));
    files.put(
        "Dockerfile",
        files
            .get("Dockerfile")
            .replaceFirst(
                "RUN umask 0022 && ", "RUN --mount=type=cache,target=/root/.julia umask 0022 && "));
    assertThat(files.get("Dockerfile")).contains("RUN --mount=type=cache");

    SimulatedCluster.Outcome outcome =
        build(contextHolding(plan, ContextArchive.of(files)), KanikoJob.job(plan, ns, List.of()));

    assertThat(outcome.log()).contains("RUN --mount=type=cache").contains("kaniko#969");
  }

  @Test
  void aMissingContextConfigMapKeepsThePodWaiting() throws Exception {
    SysimagePlan plan = hello();
    assertThat(SimulatedKaniko.run(client, KanikoJob.job(plan, ns, List.of()))).isEmpty();
  }

  private static Job withArgs(Job job, String... replaced) {
    List<String> args =
        new ArrayList<>(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
    for (String arg : replaced) {
      String flag = arg.substring(0, arg.indexOf('=') + 1);
      args.replaceAll(a -> a.startsWith(flag) ? arg : a);
    }
    Job copy = new JobBuilder(job).build();
    copy.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(args);
    return copy;
  }
}
