package dev.juliapod.build;

/**
 * What the JuliaSysimage status says of a Kaniko Job: still running, pushed (with the digest Kaniko
 * wrote to the termination log), or failed with a reason a person can act on. {@link
 * BuildJobStatus} reads a Job and its pods into one.
 */
public sealed interface BuildOutcome {
  /**
   * @param detail what the build waits for, or null when it simply runs
   */
  record Running(String detail) implements BuildOutcome {}

  record Succeeded(String digest) implements BuildOutcome {}

  /**
   * @param reason a CamelCase word for conditions and events
   */
  record Failed(String reason, String message) implements BuildOutcome {}

  /**
   * The Job completed but its pod, and with it the digest, is gone (deleted, or lost with its
   * node): the registry knows whether the push happened.
   */
  record PodGone(String message) implements BuildOutcome {}

  /**
   * The Job failed because its pod was evicted, preempted or lost with its node (the
   * DisruptionTarget condition), where the API server predates podFailurePolicy: not the build's
   * fault, so it starts again.
   */
  record Disrupted(String message) implements BuildOutcome {}
}
