package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionWorkers;
import dev.juliapod.session.WorkerObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;
import java.util.function.Function;

/**
 * The workers' headless Service and NetworkPolicy (docs/design.md, "Distributed workers"), as
 * java-operator-sdk dependents of the session workflow: made while workers are asked for, deleted
 * when none are (a Deleter whose reconcile precondition fails is deleted,
 * WorkflowReconcileExecutor.NodeDeleteExecutor in operator-framework/java-operator-sdk v5.2.3).
 * Both are named {@code NAME-workers}; their informers see only juliapod's worker objects.
 */
class WorkerDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, JuliaPod> {
  private final Function<Plan, R> desired;

  private WorkerDependent(Class<R> type, String name, Function<Plan, R> desired) {
    super(type, name);
    this.desired = desired;
  }

  static WorkerDependent<Service> service() {
    return new WorkerDependent<>(Service.class, "worker-services", WorkerObjects::service);
  }

  static WorkerDependent<NetworkPolicy> networkPolicy() {
    return new WorkerDependent<>(
        NetworkPolicy.class, "worker-networkpolicies", WorkerObjects::networkPolicy);
  }

  @Override
  protected R desired(JuliaPod primary, Context<JuliaPod> context) {
    return Owners.ownedBy(desired.apply(SessionDependents.inputs(context).plan()), primary);
  }

  @Override
  public R create(R target, JuliaPod primary, Context<JuliaPod> context) {
    return Owners.createIfAbsent(
        context.getClient(), target, () -> super.create(target, primary, context));
  }

  @Override
  public Optional<R> getSecondaryResource(JuliaPod primary, Context<JuliaPod> context) {
    return SessionDependents.cached(eventSource(), targetSecondaryResourceID(primary, context));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(JuliaPod primary, Context<JuliaPod> context) {
    Plan plan = SessionDependents.inputs(context).plan();
    return new ResourceID(SessionWorkers.serviceName(plan), plan.namespace());
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(
      EventSourceContext<JuliaPod> context) {
    return super.informerConfigurationBuilder(context).withLabelSelector(Labels.WORKER_SELECTOR);
  }
}
