package dev.juliapod.cli;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.operator.ClusterState;
import dev.juliapod.operator.Crds;
import dev.juliapod.operator.JuliaPodOperator;
import dev.juliapod.operator.OperatorLog;
import dev.juliapod.operator.OperatorMetrics;
import dev.juliapod.operator.SimulatedCluster;
import dev.juliapod.operator.TestBases;
import dev.juliapod.plan.OperatorDefaults;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user-facing commands against the CRUD mock server, with the real operator and the simulated
 * cluster side running, and a fake kubectl on PATH that records its arguments. The fake runs `exec
 * ... -- sh ...` on this machine with /workspace mapped to {@link #session}, so the sync scripts
 * are tested with a real shell, tar and sha256sum.
 */
@EnableKubernetesMockClient(crud = true)
abstract class SessionCommandTest {
  static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  static final OperatorDefaults DEFAULTS = TestBases.defaults("registry.test/juliapod");

  /**
   * A mock server of its own for each test (instance fields; see OperatorTestBase for why), CRUD
   * plus expectations for what CRUD cannot answer (a build pod's log).
   */
  KubernetesClient client;

  KubernetesMockServer server;

  Operator operator;
  OperatorLog log;
  SimulatedCluster cluster;
  String ns;

  @TempDir Path tmp;

  /** The local project folder. */
  Path project;

  /** Stands for the session pod's filesystem root: the fake's /workspace is session/workspace. */
  Path session;

  Path bin;

  @BeforeEach
  void start() throws Exception {
    Crds.install(client, ROOT);
    ns = "repl-" + NAMESPACES.incrementAndGet();
    log = OperatorLog.capture();
    operator = startOperator(DEFAULTS);
    cluster = new SimulatedCluster(client);
    project = Files.createDirectories(tmp.resolve("My Analysis"));
    Files.copy(ROOT.resolve("examples/hello/Project.toml"), project.resolve("Project.toml"));
    Files.copy(ROOT.resolve("examples/hello/Manifest.toml"), project.resolve("Manifest.toml"));
    session = Files.createDirectories(tmp.resolve("session/workspace")).getParent();
    bin = fakeKubectl(0);
  }

  Operator startOperator(OperatorDefaults defaults) {
    Operator started =
        JuliaPodOperator.create(
            client,
            defaults,
            Set.of(),
            TestBases.timings(),
            new OperatorMetrics(),
            TestBases.client(),
            TestBases::inTests);
    started.start();
    return started;
  }

  @AfterEach
  void stop() {
    operator.stop();
    cluster.close();
    log.close();
  }

  /**
   * A kubectl that appends its arguments (one line per call) to bin/calls, runs sync's shell
   * scripts against {@link #session}, and otherwise exits with {@code exit}. attach writes a line
   * to the REPL history, as typing in the REPL would.
   */
  Path fakeKubectl(int exit) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bin"));
    Path kubectl = dir.resolve("kubectl");
    Files.writeString(
        kubectl,
        """
        #!/bin/bash
        printf '%%s' "$*" | tr '\\n' ' ' >> "%1$s"; echo >> "%1$s"
        root="%2$s"
        if [ "$1" = port-forward ]; then echo "Forwarding from 127.0.0.1:$5"; exec /bin/sleep 30; fi
        if [ "$1" = attach ]; then printf '# time: now\\n\\tusing Example\\n' >> "$root/workspace/repl_history.jl"; fi
        if [ "$1" = exec ]; then
          while [ "$1" != -- ]; do shift; done; shift
          if [ "$1" = sh ]; then pattern=/workspace; exec "${@//$pattern/$root/workspace}"; fi
        fi
        exit %3$d
        """
            .formatted(dir.resolve("calls"), session, exit));
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  /** kubectl calls other than sync's shell scripts. */
  List<String> kubectlCalls() throws Exception {
    return allKubectlCalls().stream().filter(c -> !c.contains(" -- sh -c ")).toList();
  }

  List<String> allKubectlCalls() throws Exception {
    Path calls = bin.resolve("calls");
    return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
  }

  /** The commands' context: a client of the mock server, PATH with the fake kubectl. */
  Context context(Map<String, String> extraEnv) {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "PATH",
                bin + ":/usr/bin:/bin",
                "USER",
                "Alice Smith",
                "XDG_STATE_HOME",
                tmp.resolve("state").toString()));
    env.putAll(extraEnv);
    return new Context(
        () -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build(),
        env,
        false);
  }

  /**
   * Runs the command line. A {@code repl} without {@code --timeout} waits two minutes, not its
   * default two hours: if the test's operator stops (TestBases stops one on an unexpected error),
   * the test fails then instead of hanging the build, and its stderr ends with what repl printed
   * what the cluster held and what the operator logged about the test's namespace, so a failure on
   * CI (where only the assertion message may be kept) says where the session stopped.
   */
  Cli run(String... args) {
    boolean waits =
        args.length > 0
            && args[0].equals("repl")
            && Arrays.stream(args).noneMatch(a -> a.startsWith("--timeout"));
    String[] given = waits ? append(args, "--timeout", "PT2M") : args;
    Cli cli = Cli.run(context(Map.of()), given);
    if (waits && cli.err().contains(" is not ready after ")) {
      return new Cli(
          cli.exit(),
          cli.out(),
          cli.err()
              + "\n--- repl printed ---\n"
              + cli.out()
              + "--- the cluster ---\n"
              + state()
              + "--- the operator's log ---\n"
              + log.about(ns));
    }
    return cli;
  }

  String state() {
    return ClusterState.of(client, ns);
  }

  private static String[] append(String[] args, String... more) {
    String[] all = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  JuliaPod get(String name) {
    return client.resources(JuliaPod.class).inNamespace(ns).withName(name).get();
  }

  /** Where the session keeps the project. */
  Path remote(String path) {
    return session.resolve("workspace/project").resolve(path);
  }

  Path savedHistory(String name) {
    return tmp.resolve("state/juliapod").resolve(ns).resolve(name).resolve("repl_history.jl");
  }
}
