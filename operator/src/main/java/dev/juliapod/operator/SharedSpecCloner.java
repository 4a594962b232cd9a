package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * java-operator-sdk copies the cached primary before each reconcile, so that what a pass changes
 * never reaches the informer's cache (ReconciliationDispatcher.handleDispatch, cloneResource), and
 * its default copy is a JSON round trip of the whole object (ConfigurationService
 * .getResourceCloner). A JuliaPod's spec carries its Project and Manifest, several kilobytes, and
 * the copy was a tenth of the operator's CPU (BENCHMARKS.md). The operator never writes a
 * JuliaPod's spec: it reads it to plan and writes only status (docs/design.md, "Status"). So the
 * copy shares the spec and copies metadata and status, which a pass does change. Other kinds get
 * the default copy. OperatorTestBase checks after every operator test that each cached JuliaPod's
 * spec is still the API server's.
 */
final class SharedSpecCloner implements Cloner {
  private final KubernetesSerialization json;

  SharedSpecCloner(KubernetesSerialization json) {
    this.json = json;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R extends HasMetadata> R clone(R object) {
    if (object.getClass() != JuliaPod.class) {
      return json.clone(object);
    }
    JuliaPod cached = (JuliaPod) object;
    JuliaPod copy = new JuliaPod(); // apiVersion and kind come from its annotations
    copy.setMetadata(cached.getMetadata() == null ? null : json.clone(cached.getMetadata()));
    copy.setSpec(cached.getSpec());
    copy.setStatus(cached.getStatus() == null ? null : json.clone(cached.getStatus()));
    return (R) copy;
  }
}
