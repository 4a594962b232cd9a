package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import io.javaoperatorsdk.operator.api.reconciler.ResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ControllerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
 * as the ADDED event it missed (ControllerEventSource.eventReceived, public).
 */
final class Successor {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Successor.class);

  /** The first look, well after the delete pass ends; then twice and four times that. */
  static final Duration LOOK_AGAIN = Duration.ofSeconds(1);

  private static final int LOOKS = 3;

  private Successor() {}

  /** After the delete pass of {@code deleted}; {@code cache} is the controller's primary cache. */
  static void lookAgain(JuliaPod deleted, ResourceCache<JuliaPod> cache) {
    if (cache instanceof ControllerEventSource<JuliaPod> source) {
      look(ResourceID.fromResource(deleted), deleted.getMetadata().getUid(), source, 0);
    }
  }

  private static void look(
      ResourceID id, String deletedUid, ControllerEventSource<JuliaPod> source, int done) {
    CompletableFuture.runAsync(
        () -> {
          JuliaPod successor = source.get(id).orElse(null);
          if (!waiting(successor, deletedUid)) {
            return;
          }
          LOG.info(
              "JuliaPod {}/{}: created again while its predecessor's delete was handled;"
                  + " reconciling it",
              id.getNamespace().orElse(""),
              id.getName());
          source.eventReceived(ResourceAction.ADDED, successor, null, null);
          if (done + 1 < LOOKS) { // the delete pass may not have ended yet on a loaded machine
            look(id, deletedUid, source, done + 1);
          }
        },
        CompletableFuture.delayedExecutor(LOOK_AGAIN.toMillis() << done, TimeUnit.MILLISECONDS));
  }

  /** A JuliaPod of that name, not the deleted one, that no pass has written a status to. */
  static boolean waiting(JuliaPod successor, String deletedUid) {
    return successor != null
        && !Objects.equals(successor.getMetadata().getUid(), deletedUid)
        && successor.getStatus() == null;
  }
}
