package dev.juliapod.cli;

import dev.juliapod.api.Policy;
import dev.juliapod.api.WorkersSpec;
import dev.juliapod.client.SessionSettings;
import dev.juliapod.julia.SysimagePolicy;
import dev.juliapod.plan.IdleTimeout;
import java.util.List;
import picocli.CommandLine.Option;

/** What `juliapod repl` puts into the JuliaPod it creates or updates besides the project. */
final class SessionOptions {
  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description =
          "Run on this prebuilt image and skip the build (its julia and default"
              + " depots are used); --image= goes back to building.")
  String image;

  @Option(
      names = "--policy",
      converter = PolicyConverter.class,
      paramLabel = "POLICY",
      completionCandidates = PolicyConverter.class,
      description =
          "Which packages to bake: ${COMPLETION-CANDIDATES} (default: pinned, or"
              + " what the JuliaPod has).")
  SysimagePolicy policy;

  @Option(
      names = "--julia-version",
      paramLabel = "VERSION",
      description = "Julia version, when the Manifest does not name the one that resolved it.")
  String juliaVersion;

  @Option(names = "--cpu", paramLabel = "CPU", description = "CPU request, e.g. 2 or 500m.")
  String cpu;

  @Option(
      names = "--memory",
      paramLabel = "SIZE",
      description = "Memory request and limit, e.g. 8Gi.")
  String memory;

  @Option(names = "--gpu", paramLabel = "N", description = "NVIDIA GPUs (nvidia.com/gpu).")
  Integer gpu;

  @Option(
      names = "--julia-args",
      paramLabel = "ARGS",
      split = " ",
      description = "More arguments for julia, e.g. \"--optimize=0 --check-bounds=yes\".")
  List<String> juliaArgs;

  @Option(
      names = "--registry",
      paramLabel = "URL",
      split = ",",
      description =
          "Julia registry besides General, by git URL (spec.julia.registries); repeatable."
              + " --registry= clears them.")
  List<String> registries;

  @Option(
      names = "--pkg-server",
      paramLabel = "URL",
      description = "Package server (JULIA_PKG_SERVER); --pkg-server= goes back to the operator's.")
  String pkgServer;

  @Option(
      names = "--credentials-secret",
      paramLabel = "NAME",
      description =
          "Secret with git and package-server credentials, labelled"
              + " juliapod.dev/credentials=true (README, \"Private packages\").")
  String credentialsSecret;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      description =
          "Stop the session after this long without REPL input or a running evaluation, e.g."
              + " 2h or 45m (spec.session.idleTimeout); 0 never; --idle-timeout= goes back to"
              + " the operator's. The workspace stays; `juliapod repl` or `start` brings it back.")
  String idleTimeout;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description =
          "Distributed.jl worker pods beside the session (spec.workers.replicas); 0 stops them."
              + " In the REPL: using JuliaPodWorkers; addworkers().")
  Integer workers;

  /**
   * @throws IllegalArgumentException for an --idle-timeout spec.session.idleTimeout would refuse,
   *     or a --workers count spec.workers.replicas would
   */
  SessionSettings settings() {
    if (workers != null && (workers < 0 || workers > WorkersSpec.MAX_REPLICAS)) {
      throw new IllegalArgumentException(
          "--workers "
              + workers
              + ": spec.workers.replicas takes 0 to "
              + WorkersSpec.MAX_REPLICAS);
    }
    String idle = idleTimeout == null ? null : idleTimeout.strip();
    if (idle != null && !idle.isEmpty() && !IdleTimeout.spec(idle)) {
      throw new IllegalArgumentException(
          "--idle-timeout '"
              + idle
              + "' is not a duration as spec.session.idleTimeout takes it: write e.g. 45m, 2h or"
              + " 1h30m (not ISO-8601), or 0 for never");
    }
    return new SessionSettings(
        juliaVersion,
        policy == null ? null : Policy.of(policy),
        cpu,
        memory,
        gpu,
        juliaArgs,
        image,
        registries == null ? null : registries.stream().filter(r -> !r.isBlank()).toList(),
        pkgServer,
        credentialsSecret,
        idle,
        workers);
  }
}
