package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.plan.IdleTimeout;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.ActivityEndpoint;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Executes idle culling's decisions for one running session (docs/design.md, "Idle culling"): keeps
 * its pod asked while culling is on for it, says in the Activity condition whether its activity is
 * known, and tells the reconciler when it is to be culled. It never deletes: the pass after the one
 * that wrote status Idle does ({@link SessionManager}), so a lost status write never leaves a
 * culled session without a record of it.
 */
final class SessionCulling {
  static final String ACTIVITY = "Activity";

  private final ActivityWatch watch;
  private final EventRecorder events;
  private final Clock clock;

  /**
   * Culls decided by this process whose status write the cache may not show yet: java-operator-sdk
   * keeps a written resource for the next pass only while the informer holds the version it
   * replaced (TemporaryResourceCache.putResource), and the informer's event of the write brings no
   * pass (JuliaPodUpdates).
   */
  private final Map<ResourceID, Decision> decided = new ConcurrentHashMap<>();

  /** Pods deleted for idleness, so a pass that still sees one does not count it twice. */
  private final Set<String> culledPods =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > 10_000;
                }
              }));

  private record Decision(String idleSince, Long generation) {}

  SessionCulling(ActivityWatch watch, EventRecorder events, Clock clock) {
    this.watch = watch;
    this.events = events;
    this.clock = clock;
  }

  /**
   * For a session pod that runs its REPL.
   *
   * @return when it is culled, now; else null
   */
  Instant check(JuliaPod owner, JuliaPodStatus status, Plan plan, Pod pod, long generation) {
    ResourceID id = ResourceID.fromResource(owner);
    Optional<Duration> timeout = IdleTimeout.of(plan.session());
    if (timeout.isEmpty()) {
      forget(owner, status);
      return null;
    }
    ActivityEndpoint.Target target = ActivityEndpoint.of(pod);
    if (target.uri() == null) {
      watch.forget(id);
      // Expected after turning culling on (the pod predates it): said, not warned about.
      unknown(owner, status, generation, target.problem(), false);
      return null;
    }
    String uid = pod.getMetadata().getUid();
    watch.watch(id, uid, target.uri(), timeout.get());
    IdleStep.Verdict verdict = IdleStep.judge(watch.last(id, uid), timeout.get());
    if (verdict instanceof IdleStep.Due) {
      verdict = IdleStep.judge(watch.askNow(id, uid, target.uri()), timeout.get());
    }
    if (verdict instanceof IdleStep.Due) {
      watch.forget(id);
      status.conditions.removeIf(c -> ACTIVITY.equals(c.getType()));
      return clock.instant();
    }
    if (verdict instanceof IdleStep.Unknown unknown) {
      unknown(owner, status, generation, unknown.why(), true);
    } else if (verdict instanceof IdleStep.Active) {
      // Nothing that changes at every answer (idle for how long, busy or not): answers bring no
      // pass unless they change this, and a status message left behind would be stale.
      set(
          status,
          generation,
          "True",
          "Reported",
          "the session's REPL reports its activity; the session is stopped after "
              + IdleTimeout.describe(timeout.get())
              + " without input or a running evaluation");
    }
    // Not asked yet: the first answer brings a pass (ActivityWatch), and says it then.
    return null;
  }

  /** Remembers a cull this pass decided, until the cache shows its status. */
  void decided(JuliaPod owner, String idleSince) {
    decided.put(
        ResourceID.fromResource(owner),
        new Decision(idleSince, owner.getMetadata().getGeneration()));
  }

  /**
   * Whether a cull this process decided is still to be carried out although the cached status does
   * not say so yet; if so, puts its idleSince back into {@code status}.
   */
  boolean pending(JuliaPod owner, JuliaPodStatus status) {
    ResourceID id = ResourceID.fromResource(owner);
    Decision d = decided.get(id);
    if (d == null) {
      return false;
    }
    if (!Objects.equals(d.generation(), owner.getMetadata().getGeneration())
        || d.idleSince().equals(status.idleSince)) {
      decided.remove(id); // edited since, or the cache has it: IdleStep.idle decides from here
      return false;
    }
    status.idleSince = d.idleSince();
    return true;
  }

  /** The JuliaPod is gone: nothing to ask, no cull to carry out. */
  void gone(JuliaPod owner) {
    ResourceID id = ResourceID.fromResource(owner);
    watch.forget(id);
    decided.remove(id);
  }

  /** Whether this pod's deletion for idleness is the first this process sees. */
  boolean firstCull(String podUid) {
    return culledPods.add(podUid);
  }

  /** Not running, or culling off for it: nothing to ask, nothing to say. */
  void forget(JuliaPod owner, JuliaPodStatus status) {
    watch.forget(ResourceID.fromResource(owner));
    status.conditions.removeIf(c -> ACTIVITY.equals(c.getType()));
  }

  private void unknown(
      JuliaPod owner, JuliaPodStatus status, long generation, String why, boolean warn) {
    boolean already =
        status.conditions.stream()
            .anyMatch(c -> ACTIVITY.equals(c.getType()) && "ActivityUnknown".equals(c.getReason()));
    String message = why + "; a session whose activity is unknown is never stopped for idleness";
    if (!already && warn) {
      events.warning(owner, "ActivityUnknown", message);
    } else if (!already) {
      events.normal(owner, "ActivityUnknown", message);
    }
    set(status, generation, "Unknown", "ActivityUnknown", message);
  }

  private void set(
      JuliaPodStatus status, long generation, String value, String reason, String message) {
    StatusConditions.set(status, ACTIVITY, value, reason, message, generation, clock.instant());
  }
}
