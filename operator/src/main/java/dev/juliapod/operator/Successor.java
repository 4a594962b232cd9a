package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import io.javaoperatorsdk.operator.api.reconciler.ResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ControllerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A JuliaPod created again under the name of one just deleted (docs/design.md, "Watches"):
 * `juliapod delete` then `juliapod repl` in the same folder, or a GitOps tool replacing the object.
 * When its ADDED event reaches java-operator-sdk 5.2.3 while the deleted one's pass runs, the end
 * of that pass drops the event with the name's state (EventProcessor.eventProcessingFinished cleans
 * up after a delete in the all-events mode the JuliaPod controller uses, whatever arrived
 * meanwhile; unchanged at java-operator-sdk's HEAD of 2026-11), and nothing brings it back: events
 * of its pods or sysimage create no state (ResourceStateManager.getOrCreateOnResourceEvent), and a
 * status write is filtered out as no new generation. The new JuliaPod would wait, without a status,
 * until someone edits it. So after a delete pass the operator looks again once java-operator-sdk
 * has cleaned up, and hands a successor that no pass has written to the controller's event source
 * as the ADDED event it missed (ControllerEventSource.eventReceived, public: its filters and the
 * synchronized EventProcessor.handleEvent take a call from any thread).
 */
final class Successor {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Successor.class);

  /** When to look, after the delete pass: well after it ends, and again on a slow machine. */
  static final List<Duration> LOOKS =
      List.of(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(7));

  /** One daemon thread for the process: a look is a cache read, rarely an event. */
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "juliapod-successor");
            t.setDaemon(true);
            return t;
          });

  private Successor() {}

  /**
   * After a delete pass for {@code id}; {@code cache} is the controller's primary cache. Whatever
   * the cache holds under that name afterwards is a successor: java-operator-sdk takes the deleted
   * object out of the informer's store and its own temporary cache before it hands the delete on
   * (ManagedInformerEventSource.onDelete), and the object that pass got may already be the
   * successor (EventProcessor.submitReconciliationExecution reads the cache first), so its UID
   * tells nothing. Every look hands on a successor still waiting, since one handed on before the
   * delete pass ended is dropped again: at most two extra passes.
   */
  static void lookAgain(ResourceID id, ResourceCache<JuliaPod> cache) {
    if (cache instanceof ControllerEventSource<JuliaPod> source) {
      for (Duration after : LOOKS) {
        TIMER.schedule(() -> look(id, source), after.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private static void look(ResourceID id, ControllerEventSource<JuliaPod> source) {
    try {
      JuliaPod successor = source.get(id).orElse(null);
      if (waiting(successor)) {
        LOG.info(
            "JuliaPod {}/{}: created again while its predecessor's delete was handled;"
                + " reconciling it",
            id.getNamespace().orElse(""),
            id.getName());
        source.eventReceived(ResourceAction.ADDED, successor, null, null);
      }
    } catch (RuntimeException e) {
      LOG.warn("JuliaPod {}: could not look for a successor", id, e);
    }
  }

  /** A JuliaPod that is not being deleted and that no pass has written a status to. */
  static boolean waiting(JuliaPod successor) {
    return successor != null && !successor.isMarkedForDeletion() && successor.getStatus() == null;
  }
}
