package dev.juliapod.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `java -jar juliapod.jar operator` in its own JVM, configured the way a user configures it: a
 * kubeconfig file through KUBECONFIG and JULIAPOD_* variables, as the Helm chart sets them. The
 * scale bench's reference operator ({@code reference.ReferenceOperator}) runs the same way from a
 * main class ({@link #startMain}), so both are measured alike.
 */
final class OperatorProcess implements AutoCloseable {
  static final Path JAR =
      Path.of(System.getProperty("juliapod.jar", "../operator/target/juliapod.jar"));

  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private OperatorProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts the operator against the API server at {@code apiServer} and waits until ready. */
  static OperatorProcess start(String apiServer, Path workDir, Map<String, String> env)
      throws Exception {
    return start(apiServer, workDir, env, List.of());
  }

  /** The same, with options for its JVM before {@code -jar}. */
  static OperatorProcess start(
      String apiServer, Path workDir, Map<String, String> env, List<String> jvmOptions)
      throws Exception {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR
              + " is missing: run `./mvnw -B verify` from the top,"
              + " which packages the operator before this suite runs");
    }
    List<String> program = new ArrayList<>(jvmOptions);
    program.addAll(List.of("-jar", JAR.toString(), "operator"));
    return start(program, apiServer, workDir, env);
  }

  /**
   * Starts {@code mainClass} from {@code classpath} (e.g. this JVM's own) in the same JVM and
   * environment as the packaged operator, and waits until its /readyz answers.
   */
  static OperatorProcess startMain(
      String mainClass, String classpath, String apiServer, Path workDir, Map<String, String> env)
      throws Exception {
    return start(List.of("-cp", classpath, mainClass), apiServer, workDir, env);
  }

  private static OperatorProcess start(
      List<String> program, String apiServer, Path workDir, Map<String, String> env)
      throws Exception {
    Path kubeconfig = workDir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster: {server: "%s"}
        contexts:
          - name: mock
            context: {cluster: mock, user: e2e, namespace: default}
        current-context: mock
        users:
          - name: e2e
            user: {token: e2e-token}
        """
            .formatted(apiServer));
    int port = freePort();
    Path log = workDir.resolve("operator.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
    // e.g. -Djuliapod.operatorJvmOptions=-XX:StartFlightRecording=filename=op.jfr to profile
    String options = System.getProperty("juliapod.operatorJvmOptions", "").strip();
    if (!options.isEmpty()) {
      command.addAll(List.of(options.split("\\s+")));
    }
    command.addAll(program);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // Only what this test sets: the developer's own JULIAPOD_* settings must not leak in.
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("JULIAPOD_") || k.equals("KUBECONFIG"));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("JULIAPOD_HEALTH_PORT", Integer.toString(port));
    builder.environment().putAll(env);
    OperatorProcess operator = new OperatorProcess(builder.start(), log, port);
    operator.awaitReady(Duration.ofSeconds(60));
    return operator;
  }

  private void awaitReady(Duration timeout) throws Exception {
    Instant until = Instant.now().plus(timeout);
    while (Instant.now().isBefore(until)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the operator exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        if (get("/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the operator was not ready within " + timeout + ":\n" + log());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one Prometheus sample, e.g. {@code juliapod_builds_started_total}. */
  double metric(String sample) throws IOException, InterruptedException {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(sample + " ") || line.startsWith(sample + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no " + sample + " in /metrics");
  }

  /** The sum of every sample whose name starts with {@code prefix}, across labels. */
  double metricSum(String prefix) throws IOException, InterruptedException {
    double sum = 0;
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(prefix)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** CPU time the operator's process has used so far (user + system). */
  java.time.Duration cpu() {
    return process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
  }

  /**
   * CPU the JIT compilers have used so far ({@link CompilerThreads}); where there is no /proc,
   * HotSpot's java.ci.totalTime (in ticks of sun.os.hrt.frequency, from jcmd PerfCounter.print),
   * which is elapsed time and overstates it on a busy machine; zero when neither says. A figure of
   * a measured window with much of it is of a JVM still warming up, not of the operator.
   */
  java.time.Duration compilation() throws IOException, InterruptedException {
    var cpu = CompilerThreads.cpu(process.pid());
    if (cpu.isPresent()) {
      return cpu.get();
    }
    String counters = jcmd("PerfCounter.print");
    long ticks = perfCounter(counters, "java.ci.totalTime");
    long hertz = perfCounter(counters, "sun.os.hrt.frequency");
    return ticks < 0 || hertz <= 0
        ? java.time.Duration.ZERO
        : java.time.Duration.ofNanos((long) (ticks * 1e9 / hertz));
  }

  private static long perfCounter(String counters, String name) {
    var value =
        java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name) + "=(\\d+)")
            .matcher(counters);
    return value.find() ? Long.parseLong(value.group(1)) : -1;
  }

  /** Heap in use (before and after a full GC, from jcmd) and resident memory, in MiB. */
  String memory() throws IOException, InterruptedException {
    String before = heapUsed();
    String after = Long.toString(heapAfterFullGc());
    String rss =
        Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
            .filter(l -> l.startsWith("VmRSS:"))
            .findFirst()
            .orElse("VmRSS: ? kB")
            .replaceAll("\\D+", " ")
            .strip();
    return "heap used "
        + before
        + " MiB ("
        + after
        + " MiB after a full GC), RSS "
        + Long.parseLong(rss) / 1024
        + " MiB, -Xmx256m";
  }

  /** Heap in use after a full GC (jcmd GC.run), in MiB; -1 when jcmd does not say. */
  long heapAfterFullGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    String used = heapUsed();
    return "?".equals(used) ? -1 : Long.parseLong(used);
  }

  /** The live objects by class (jcmd GC.class_histogram), written to {@code to}. */
  void histogram(Path to) throws IOException, InterruptedException {
    Files.writeString(to, jcmd("GC.class_histogram"));
  }

  private String heapUsed() throws IOException, InterruptedException {
    var used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(jcmd("GC.heap_info"));
    return used.find() ? Long.toString(Long.parseLong(used.group(1)) / 1024) : "?";
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    jcmd.waitFor();
    return out;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Stops it as Kubernetes does (SIGTERM) and returns the exit code; -1 if it hung. */
  int stop() throws InterruptedException {
    process.destroy();
    if (process.waitFor(30, TimeUnit.SECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly().waitFor();
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
