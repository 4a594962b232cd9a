package dev.juliapod.client;

import dev.juliapod.api.Policy;
import java.util.List;

/**
 * What `juliapod repl` flags ask of a session; null means "leave as it is" (or the operator's
 * default on the first run).
 *
 * @param juliaVersion overrides the Manifest's julia_version
 * @param gpus NVIDIA GPUs (nvidia.com/gpu)
 * @param image a prebuilt image instead of a build; "" goes back to building
 * @param registries registry URLs besides General (spec.julia.registries); empty clears them
 * @param pkgServer the package server; "" goes back to the operator's
 * @param credentialsSecret the credentials Secret; "" goes back to the operator's
 * @param idleTimeout spec.session.idleTimeout; "" goes back to the operator's
 * @param workers spec.workers.replicas
 */
public record SessionSettings(
    String juliaVersion,
    Policy policy,
    String cpu,
    String memory,
    Integer gpus,
    List<String> juliaArgs,
    String image,
    List<String> registries,
    String pkgServer,
    String credentialsSecret,
    String idleTimeout,
    Integer workers) {

  public static SessionSettings none() {
    return new SessionSettings(
        null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
