package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionObjects;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;

/**
 * The session's workspace claim, created when absent and never updated: a claim's spec is immutable
 * but for a larger size, and the volume behind it holds the user's work. Being a {@link Creator}
 * and not an Updater, java-operator-sdk does not even compare it
 * (AbstractDependentResource.reconcile in operator-framework/java-operator-sdk
 * operator-framework-core/src/main/java/io/javaoperatorsdk/operator/processing/dependent/). {@link
 * GarbageCollected}: owned by the JuliaPod, so Kubernetes deletes it with the JuliaPod; a claim of
 * that name that someone else made is used as it is, neither owned nor changed.
 */
final class WorkspaceClaim extends KubernetesDependentResource<PersistentVolumeClaim, JuliaPod>
    implements Creator<PersistentVolumeClaim, JuliaPod>, GarbageCollected<JuliaPod> {

  WorkspaceClaim() {
    super(PersistentVolumeClaim.class, JuliaPodSources.WORKSPACES);
  }

  @Override
  protected PersistentVolumeClaim desired(JuliaPod primary, Context<JuliaPod> context) {
    // The controller reference with blockOwnerDeletion, as everything the operator owns;
    // java-operator-sdk keeps an owner reference of the same uid (HasMetadata.addOwnerReference).
    return Owners.ownedBy(
        SessionObjects.workspace(SessionDependents.inputs(context).plan()), primary);
  }

  /**
   * A claim of that name that is there already (409, not in the labelled cache: made by someone
   * else) is used as it is, as before; java-operator-sdk's create would throw, and the reconcile
   * fail, for as long as it exists (KubernetesDependentResource.create).
   */
  @Override
  public PersistentVolumeClaim create(
      PersistentVolumeClaim desired, JuliaPod primary, Context<JuliaPod> context) {
    return Owners.createIfAbsent(
        context.getClient(), desired, () -> super.create(desired, primary, context));
  }

  @Override
  public Optional<PersistentVolumeClaim> getSecondaryResource(
      JuliaPod primary, Context<JuliaPod> context) {
    return SessionDependents.cached(eventSource(), targetSecondaryResourceID(primary, context));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(JuliaPod primary, Context<JuliaPod> context) {
    Plan plan = SessionDependents.inputs(context).plan();
    return new ResourceID(plan.workspaceClaim(), plan.namespace());
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<PersistentVolumeClaim>
      informerConfigurationBuilder(EventSourceContext<JuliaPod> context) {
    return SessionDependents.labelled(super.informerConfigurationBuilder(context));
  }
}
