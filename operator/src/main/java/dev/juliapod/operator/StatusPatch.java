package dev.juliapod.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * Replaces the whole status subresource, and only when it changed: most passes (a watch event
 * on a pod, a resync) find everything as it was, and a write each time would be one request
 * per pass and an event back to every watcher. Why replace rather than patch:
 * java-operator-sdk's non-SSA status patch is a JSON Patch diffed against its cached copy; when
 * that copy lags the server, index-based list operations duplicate list items (seen with
 * conditions). The status belongs to this controller alone, so when the version read is no
 * longer the latest (a spec or metadata edit since), it is replaced without the lock.
 */
final class StatusPatch<P extends CustomResource<?, ?>> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final P resource;
  private final JsonNode before;

  private StatusPatch(P resource) {
    this.resource = resource;
    this.before = JSON.valueToTree(resource.getStatus());
  }

  /** Remembers the status as read, before the reconcile changes it. */
  static <P extends CustomResource<?, ?>> StatusPatch<P> of(P resource) {
    return new StatusPatch<>(resource);
  }

  /**
   * Writes the status if it changed, and hands the server's answer to java-operator-sdk's
   * cache, as it does for its own patches: a reconcile that starts before the watch event
   * arrives then sees this status, not the old one (which would, for example, report a build
   * that already succeeded a second time).
   */
  UpdateControl<P> write(Context<P> context) {
    if (!JSON.valueToTree(resource.getStatus()).equals(before)) {
      P updated;
      try {
        // Locked to the version read: one request instead of unlock()'s read and write.
        updated = context.getClient().resource(resource).updateStatus();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        updated = context.getClient().resource(resource).unlock().updateStatus();
      }
      context.eventSourceRetriever().getControllerEventSource()
          .handleRecentResourceUpdate(ResourceID.fromResource(updated), updated, resource);
    }
    return UpdateControl.noUpdate();
  }
}
