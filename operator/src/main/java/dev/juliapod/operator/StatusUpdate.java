package dev.juliapod.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Writes a resource's status when a reconcile changed it, through java-operator-sdk's
 * PrimaryUpdateAndCacheUtils, which puts the server's answer into the controller's cache: a
 * reconcile that starts before the watch event then sees this status, not the old one (which would,
 * for example, report a build that already succeeded a second time). See
 * operator-framework/java-operator-sdk operator-framework-core/src/main/java/io/javaoperatorsdk/
 * operator/api/reconciler/PrimaryUpdateAndCacheUtils.java.
 *
 * <p>A PUT of the status subresource locked to the version read; when that version is no longer the
 * latest (a spec or metadata edit, a label added since), the status is put again without the lock:
 * it belongs to this controller alone, and what it says was decided from the newest spec the
 * reconcile saw. The utility's own answer to a conflict, waiting for the informer to show a newer
 * version, timed out under load in the test suite (a watch event can lag seconds on two busy cores)
 * and failed the reconcile. fabric8's unlocked update reads the latest version and puts with it
 * (HasMetadataOperation.update), so it conflicts only when yet another write lands in between: then
 * a reconcile error, retried with back-off.
 *
 * <p>Only when changed: most passes (a watch event on a pod, a resync) find everything as it was,
 * and a write each time would be one request per pass and an event back to every watcher. Why a PUT
 * of the whole status rather than a patch: java-operator-sdk's non-SSA status patch is a JSON Patch
 * diffed against its cached copy; when that copy lags the server, index-based list operations
 * duplicate list items (seen with conditions); and the chart grants update, not patch, on the
 * status subresources.
 */
final class StatusUpdate<P extends CustomResource<?, ?>> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Conflicts cannot reach the utility (see put): it never retries. */
  private static final int CONFLICTS = 0;

  private static final long CACHE_WAIT_MILLIS = 5_000;
  private static final long CACHE_POLL_MILLIS = 20;
  private final P resource;
  private final JsonNode before;

  private StatusUpdate(P resource) {
    this.resource = resource;
    this.before = JSON.valueToTree(resource.getStatus());
  }

  /** Remembers the status as read, before the reconcile changes it. */
  static <P extends CustomResource<?, ?>> StatusUpdate<P> of(P resource) {
    return new StatusUpdate<>(resource);
  }

  /** Writes the status if it changed; the pass then ends without further update. */
  UpdateControl<P> write(Context<P> context) {
    if (!JSON.valueToTree(resource.getStatus()).equals(before)) {
      Object status = resource.getStatus();
      try {
        PrimaryUpdateAndCacheUtils.updateAndCacheResource(
            resource,
            context,
            latest -> withStatus(latest, status),
            r -> put(context, r),
            CONFLICTS,
            CACHE_WAIT_MILLIS,
            CACHE_POLL_MILLIS);
      } catch (RuntimeException e) {
        if (!gone(e)) {
          throw e;
        }
        // Deleted while this pass ran (its delete event brings the pass that cleans up): a
        // status for nobody is not an error to retry or report.
      }
    }
    return UpdateControl.noUpdate();
  }

  private static boolean gone(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == 404) {
        return true;
      }
    }
    return false;
  }

  /**
   * PrimaryUpdateAndCacheUtils retries 422 like a conflict (for its finalizer JSON Patches), but a
   * status the API server refuses as invalid is not fixed by waiting for a newer version: it goes
   * to ReconcileErrors as the refusal it is (docs/design.md, "Errors").
   */
  private static <P extends CustomResource<?, ?>> P put(Context<P> context, P resource) {
    try {
      try {
        return context.getClient().resource(resource).updateStatus();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        return context.getClient().resource(resource).unlock().updateStatus();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422) {
        throw new IllegalStateException(
            "status of "
                + resource.getKind()
                + " "
                + resource.getMetadata().getNamespace()
                + "/"
                + resource.getMetadata().getName()
                + " refused",
            e);
      }
      throw e;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <P extends CustomResource<?, ?>> P withStatus(P resource, Object status) {
    ((CustomResource) resource).setStatus(status);
    return resource;
  }
}
