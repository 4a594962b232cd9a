package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.plan.Plan;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;

/**
 * The workers' Service and NetworkPolicy ({@link WorkerDependent}) as a standalone workflow of
 * their own, reconciled by {@link WorkerPass} after the session pod: what goes wrong with them (a
 * policy webhook refusing a NetworkPolicy, a Service of that name someone else made) is the
 * workers' trouble, said in WorkersReady, and never keeps the REPL from starting.
 */
final class WorkerDependents {
  /** What {@code desired} and the precondition read, for one pass. */
  record Inputs(Plan plan, boolean wanted) {}

  private static final Condition<HasMetadata, JuliaPod> WANTED =
      (dependent, primary, context) -> inputs(context).wanted();

  private final WorkerDependent<?> service = WorkerDependent.service();
  private final WorkerDependent<?> policy = WorkerDependent.networkPolicy();

  private final Workflow<JuliaPod> workflow =
      new WorkflowBuilder<JuliaPod>()
          .addDependentResourceAndConfigure(service)
          .withReconcilePrecondition(WANTED)
          .addDependentResourceAndConfigure(policy)
          .withReconcilePrecondition(WANTED)
          .withThrowExceptionFurther(false)
          .build();

  List<EventSource<?, JuliaPod>> eventSources(EventSourceContext<JuliaPod> context) {
    return EventSourceUtils.dependentEventSources(context, service, policy);
  }

  /**
   * Makes or corrects both while {@code wanted}, deletes them when not.
   *
   * @return the first failure (the API server's own exception where there is one), or null
   */
  Exception reconcile(JuliaPod owner, Plan plan, boolean wanted, Context<JuliaPod> context) {
    context
        .managedWorkflowAndDependentResourceContext()
        .put(Inputs.class, new Inputs(plan, wanted));
    WorkflowReconcileResult result = workflow.reconcile(owner, context);
    for (DependentResource<?, JuliaPod> dependent : List.of(service, policy)) {
      Exception error = result.getErroredDependents().get(dependent);
      if (error != null) {
        return error;
      }
    }
    return null;
  }

  static Inputs inputs(Context<JuliaPod> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(Inputs.class, Inputs.class);
  }
}
