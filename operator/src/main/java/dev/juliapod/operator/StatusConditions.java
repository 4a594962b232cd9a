package dev.juliapod.operator;

import dev.juliapod.api.Phase;
import dev.juliapod.api.ResourceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.Objects;

/**
 * kstatus conditions, which Flux and Argo CD health checks read: `Ready` when the resource is done,
 * `Reconciling` while it moves, `Stalled` when it cannot go on without a change.
 */
public final class StatusConditions {
  /** Which of the kstatus conditions is true: Reconciling, Ready (also when suspended), Stalled. */
  public enum State {
    PROGRESSING,
    READY,
    STALLED,
    SUSPENDED
  }

  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";

  private StatusConditions() {}

  public static void apply(
      ResourceStatus status,
      long generation,
      State state,
      Phase phase,
      String reason,
      String message,
      Instant now) {
    status.observedGeneration = generation;
    status.phase = phase.text();
    status.message = message;
    set(
        status,
        READY,
        state == State.READY || state == State.SUSPENDED,
        reason,
        message,
        generation,
        now);
    set(status, RECONCILING, state == State.PROGRESSING, reason, message, generation, now);
    set(status, STALLED, state == State.STALLED, reason, message, generation, now);
  }

  /** Sets one condition, keeping its transition time when its status does not change. */
  public static void set(
      ResourceStatus status,
      String type,
      boolean value,
      String reason,
      String message,
      long generation,
      Instant now) {
    set(status, type, value ? "True" : "False", reason, message, generation, now);
  }

  /**
   * @param text True, False or Unknown
   */
  public static void set(
      ResourceStatus status,
      String type,
      String text,
      String reason,
      String message,
      long generation,
      Instant now) {
    Condition old =
        status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String since =
        old != null && text.equals(old.getStatus()) ? old.getLastTransitionTime() : now.toString();
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(text)
            .withReason(Objects.requireNonNullElse(reason, "Unknown"))
            .withMessage(Objects.requireNonNullElse(message, ""))
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build();
    status.conditions.removeIf(c -> type.equals(c.getType()));
    status.conditions.add(updated);
    status.conditions.sort(java.util.Comparator.comparing(Condition::getType));
  }

  public static boolean hasReason(ResourceStatus status, String type, String reason) {
    return status != null
        && status.conditions.stream()
            .anyMatch(
                c ->
                    type.equals(c.getType())
                        && "True".equals(c.getStatus())
                        && reason.equals(c.getReason()));
  }
}
