package dev.juliapod.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaRegistry;
import dev.juliapod.api.Policy;
import dev.juliapod.build.BuildContext;
import dev.juliapod.build.KanikoJob;
import dev.juliapod.session.SessionFiles;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Dockerfile, build script, Job and Pod rendered for examples/hello, as golden files. */
class PlanGoldenTest {
  static final Path HELLO =
      Path.of(System.getProperty("basedir", "."))
          .resolve("../examples/hello/juliapod.yaml")
          .normalize();
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  static JuliaPod hello() throws Exception {
    JuliaPod pod = YAML.unmarshal(Files.readString(HELLO), JuliaPod.class);
    pod.getMetadata().setNamespace("team-a");
    return pod;
  }

  /** The digest the goldens pretend julia:1.11.7 has; the operator asks the registry. */
  static final String BASE_DIGEST = "sha256:" + "1a".repeat(32);

  static Plan plan(JuliaPod pod) throws Exception {
    return Planner.plan(
        pod,
        ProjectSources.inline(pod),
        OperatorDefaults.builtIn(),
        BaseImage.resolved(Planner.baseImage(pod, OperatorDefaults.builtIn()), BASE_DIGEST));
  }

  @Test
  void helloBuildContext() throws Exception {
    Map<String, String> files = BuildContext.files(plan(hello()).sysimage());
    GoldenFiles.check("hello/Dockerfile", files.get("Dockerfile"));
    GoldenFiles.check("hello/build.jl", files.get("build.jl"));
    GoldenFiles.check("hello/baked.toml", files.get("baked.toml"));
  }

  /**
   * The depot cache's list, and each Julia minor version's rule for sources taken from it: 1.10
   * compares modification times (base/loading.jl at v1.10.8, stale_cachefile), so its recipe fixes
   * them; 1.11 (hello) and 1.12 compare size and CRC-32C (any_includes_stale), so theirs leave them
   * and differ from each other only in the base image and where compiled files live.
   */
  @Test
  void depotCacheListAndEachJuliaMinorVersionsRule() throws Exception {
    Map<String, String> eleven = BuildContext.files(plan(hello()).sysimage());
    GoldenFiles.check("hello/depot-cache.toml", eleven.get("depot-cache.toml"));
    assertThat(eleven.get("Dockerfile")).doesNotContain("touch");

    JuliaPod ten = hello();
    ten.getSpec().julia.version = "1.10.10";
    GoldenFiles.check(
        "julia-1.10/Dockerfile", BuildContext.files(plan(ten).sysimage()).get("Dockerfile"));

    JuliaPod twelve = hello();
    twelve.getSpec().julia.version = "1.12.2";
    Map<String, String> built = BuildContext.files(plan(twelve).sysimage());
    assertThat(built.get("depot-cache.toml"))
        .isEqualTo(eleven.get("depot-cache.toml").replace("compiled/v1.11/", "compiled/v1.12/"));
    assertThat(built.get("Dockerfile")).doesNotContain("touch").contains("FROM julia:1.12.2@");
  }

  @Test
  void helloJobAndPod() throws Exception {
    Plan plan = plan(hello());
    GoldenFiles.check(
        "hello/job.yaml", YAML.asYaml(KanikoJob.job(plan.sysimage(), "team-a", List.of())));
    GoldenFiles.check(
        "hello/pod.yaml",
        YAML.asYaml(
            SessionPod.of(plan, plan.sysimage().repository() + "@sha256:" + "0".repeat(64))));
    GoldenFiles.check("hello/prepare.jl", SessionFiles.prepareScript());
  }

  /**
   * A worker pod for hello's session, and what the session ships for workers: the module the REPL
   * loads (`using JuliaPodWorkers`) and the worker's scripts.
   */
  @Test
  void helloWorkerPodAndTheWorkersModule() throws Exception {
    Plan plan = plan(hello());
    var workers = new dev.juliapod.api.WorkersSpec();
    workers.replicas = 2;
    GoldenFiles.check(
        "workers/pod.yaml",
        YAML.asYaml(
            dev.juliapod.session.WorkerPod.of(
                plan, plan.sysimage().repository() + "@sha256:" + "0".repeat(64), workers, 1)));
    var scripts = SessionFiles.workerScripts();
    GoldenFiles.check("workers/JuliaPodWorkers.jl", scripts.get("JuliaPodWorkers.jl"));
    GoldenFiles.check("workers/worker.jl", scripts.get("worker.jl"));
    GoldenFiles.check("workers/worker.sh", scripts.get("worker.sh"));
    GoldenFiles.check(
        "workers/objects.yaml",
        YAML.asYaml(
            List.of(
                dev.juliapod.session.WorkerObjects.service(plan),
                dev.juliapod.session.WorkerObjects.networkPolicy(plan))));
  }

  /** With idle culling on: the REPL loads activity.jl, and the activity sidecar listens. */
  @Test
  void helloPodWithIdleCulling() throws Exception {
    JuliaPod pod = hello();
    pod.getSpec().session.idleTimeout = "45m";
    Plan plan = plan(pod);
    GoldenFiles.check(
        "idle/pod.yaml",
        YAML.asYaml(
            SessionPod.of(plan, plan.sysimage().repository() + "@sha256:" + "0".repeat(64))));
  }

  @Test
  void variantsWithPrecompileScriptPushSecretAndNoSysimage() throws Exception {
    JuliaPod pod = hello();
    pod.getSpec().sysimage.precompileScript = "using JSON3\nJSON3.read(\"{\\\"a\\\": 1}\")\n";
    pod.getSpec().build.pushSecret = "registry-push";
    Plan plan = plan(pod);
    GoldenFiles.check(
        "precompile/Dockerfile", BuildContext.files(plan.sysimage()).get("Dockerfile"));
    GoldenFiles.check("precompile/build.jl", BuildContext.files(plan.sysimage()).get("build.jl"));
    GoldenFiles.check(
        "precompile/job.yaml", YAML.asYaml(KanikoJob.job(plan.sysimage(), "team-a", List.of())));

    JuliaPod none = hello();
    none.getSpec().sysimage.policy = Policy.None;
    GoldenFiles.check(
        "none/Dockerfile", BuildContext.files(plan(none).sysimage()).get("Dockerfile"));
  }

  /** Private registries, a package server, credentials and Debian packages. */
  static JuliaPod privatePackages() throws Exception {
    JuliaPod pod = hello();
    pod.getSpec().julia.registries =
        List.of(new JuliaRegistry("git@github.com:acme/AcmeRegistry.git", "AcmeRegistry"));
    pod.getSpec().julia.pkgServer = "https://pkg.acme.example:8443/julia";
    pod.getSpec().julia.credentialsSecret = "julia-credentials";
    pod.getSpec().build.systemPackages = List.of("libhdf5-dev", "libgomp1");
    return pod;
  }

  @Test
  void privatePackagesBuildAndSession() throws Exception {
    Plan plan = plan(privatePackages());
    Map<String, String> files = BuildContext.files(plan.sysimage());
    GoldenFiles.check("private/Dockerfile", files.get("Dockerfile"));
    GoldenFiles.check("private/git-credential.sh", files.get("git-credential.sh"));
    GoldenFiles.check(
        "private/job.yaml", YAML.asYaml(KanikoJob.job(plan.sysimage(), "team-a", List.of())));
    GoldenFiles.check(
        "private/pod.yaml",
        YAML.asYaml(
            SessionPod.of(plan, plan.sysimage().repository() + "@sha256:" + "0".repeat(64))));
  }
}
