package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Replaces the whole status subresource. java-operator-sdk's non-SSA status patch is a JSON
 * Patch diffed against its cached copy; when that copy lags the server, index-based list
 * operations duplicate list items (seen with conditions). The status belongs to this
 * controller alone, so replacing it without a resourceVersion lock is safe.
 */
final class StatusPatch {
  private StatusPatch() {}

  static <P extends HasMetadata> UpdateControl<P> write(KubernetesClient client, P resource) {
    client.resource(resource).unlock().updateStatus();
    return UpdateControl.noUpdate();
  }
}
