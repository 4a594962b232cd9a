package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;

/**
 * The session's ConfigMap (the full project and the session's scripts), created when absent and its
 * data replaced when it differs. The update is java-operator-sdk's without server-side apply (the
 * operator turns it off, and ConfigMaps are in its defaultNonSSAResources anyway): a PUT of the
 * cached object with the new data, its resourceVersion making a concurrent change a 409 that is
 * retried (KubernetesDependentResource.update, GenericResourceUpdater.updateResource in
 * operator-framework/java-operator-sdk
 * operator-framework-core/src/main/java/io/javaoperatorsdk/operator/processing/dependent/kubernetes/).
 */
final class SessionConfigMap extends CRUDKubernetesDependentResource<ConfigMap, JuliaPod> {

  SessionConfigMap() {
    super(ConfigMap.class, JuliaPodSources.CONFIGMAPS);
  }

  @Override
  protected ConfigMap desired(JuliaPod primary, Context<JuliaPod> context) {
    SessionDependents.Inputs inputs = SessionDependents.inputs(context);
    return Owners.ownedBy(
        SessionObjects.files(inputs.plan(), inputs.files(), inputs.template()::dataHash), primary);
  }

  /**
   * Equal data, as before, told by hashes: the informer keeps the hash of the data a ConfigMap
   * holds, not the data ({@link PrunedStore#sessionConfigMap}). java-operator-sdk's non-SSA matcher
   * (GenericKubernetesResourceMatcher.match with valuesEquality false) lets the actual object have
   * more than the desired one, so a key the session no longer has would stay; and it turns both
   * objects into JSON at every pass. Its update (GenericResourceUpdater.updateResource) takes every
   * field but metadata from the desired object, so the data it writes is whole whatever the cache
   * kept. A cache that keeps the data (several watched namespaces) hashes it here.
   */
  @Override
  public Result<ConfigMap> match(
      ConfigMap actual, ConfigMap desired, JuliaPod primary, Context<JuliaPod> context) {
    String held =
        actual.getData() == null // pruned; a whole ConfigMap has a map, empty or not
            ? actual.getMetadata().getAnnotations().get(Labels.DATA_HASH)
            : SessionObjects.dataHash(actual.getData());
    return Result.computed(
        desired.getMetadata().getAnnotations().get(Labels.DATA_HASH).equals(held), desired);
  }

  /** One of that name that is there already (409) is returned, as for the claim. */
  @Override
  public ConfigMap create(ConfigMap desired, JuliaPod primary, Context<JuliaPod> context) {
    return Owners.createIfAbsent(
        context.getClient(), desired, () -> super.create(desired, primary, context));
  }

  @Override
  public Optional<ConfigMap> getSecondaryResource(JuliaPod primary, Context<JuliaPod> context) {
    return SessionDependents.cached(eventSource(), targetSecondaryResourceID(primary, context));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(JuliaPod primary, Context<JuliaPod> context) {
    Plan plan = SessionDependents.inputs(context).plan();
    return new ResourceID(SessionObjects.configMapName(plan), plan.namespace());
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<ConfigMap> informerConfigurationBuilder(
      EventSourceContext<JuliaPod> context) {
    return PrunedStore.keeping(
        SessionDependents.labelled(super.informerConfigurationBuilder(context)),
        context,
        PrunedStore::sessionConfigMap);
  }
}
