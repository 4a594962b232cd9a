package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.ProjectFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Optional;

/**
 * The workspace claim and the session ConfigMap, as java-operator-sdk standalone dependent
 * resources ({@link WorkspaceClaim}, {@link SessionConfigMap}). They are reconciled from inside the
 * JuliaPod reconcile, not by a managed workflow, because what they hold comes from the plan made
 * there: {@link #reconcile} puts it into the reconcile's context, where their {@code desired} reads
 * it. A standalone workflow with the two as independent nodes writes both at the same time
 * (operator-framework/java-operator-sdk
 * operator-framework-core/src/main/java/io/javaoperatorsdk/operator/processing/dependent/workflow/WorkflowReconcileExecutor.java
 * submits every top-level node to the workflow executor) and returns once both are done, so the
 * session pod comes after what it mounts.
 */
final class SessionDependents {
  /** What the dependents' {@code desired} is made of, for one pass. */
  record Inputs(Plan plan, ProjectFiles files, SessionTemplate template) {}

  private final WorkspaceClaim claim = new WorkspaceClaim();
  private final SessionConfigMap files = new SessionConfigMap();

  /** Errors come back in the result, not as an AggregatedOperatorException: see reconcile. */
  private final Workflow<JuliaPod> workflow =
      new WorkflowBuilder<JuliaPod>()
          .addDependentResource(claim)
          .addDependentResource(files)
          .withThrowExceptionFurther(false)
          .build();

  /** The dependents' informers (labelled session objects only), for prepareEventSources. */
  List<EventSource<?, JuliaPod>> eventSources(EventSourceContext<JuliaPod> context) {
    return EventSourceUtils.dependentEventSources(context, claim, files);
  }

  /**
   * Creates the claim if it is absent and the ConfigMap if it is absent or its data differs; a pass
   * over objects that are right reads the informers and writes nothing.
   */
  void reconcile(
      JuliaPod owner,
      Plan plan,
      ProjectFiles project,
      SessionTemplate template,
      Context<JuliaPod> context) {
    context
        .managedWorkflowAndDependentResourceContext()
        .put(Inputs.class, new Inputs(plan, project, template));
    WorkflowReconcileResult result = workflow.reconcile(owner, context);
    // The API server's own exception, claim first: ReconcileErrors reads its status code.
    for (DependentResource<?, JuliaPod> dependent : List.of(claim, files)) {
      Exception error = result.getErroredDependents().get(dependent);
      if (error != null) {
        throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
      }
    }
  }

  static Inputs inputs(Context<JuliaPod> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(Inputs.class, Inputs.class);
  }

  /**
   * Only juliapod's own session objects are cached. The builder is java-operator-sdk's, so the
   * namespaces stay the controller's (KubernetesDependentResource.createEventSource).
   */
  static <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> labelled(
      InformerEventSourceConfiguration.Builder<R> builder) {
    return builder.withLabelSelector(JuliaPodSources.SESSION_SELECTOR);
  }

  /**
   * The object of that name in the dependent's own informer, read as before. java-operator-sdk's
   * default (AbstractDependentResource.getSecondaryResource) looks among what every ConfigMap
   * source of the controller maps to the JuliaPod, the project ConfigMaps too, so a project
   * ConfigMap of the session's name would be taken for it; and it finds only what the JuliaPod
   * owns, so a labelled claim it does not own would be created again (409) at every pass.
   */
  static <R extends HasMetadata> Optional<R> cached(
      Optional<InformerEventSource<R, JuliaPod>> source, ResourceID id) {
    return source.orElseThrow().get(id);
  }
}
