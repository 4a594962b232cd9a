package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionWorkers;
import dev.juliapod.session.WorkerObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The workers' headless Service or NetworkPolicy (docs/design.md, "Distributed workers"), a
 * java-operator-sdk dependent of {@link WorkerDependents}: made while workers are asked for,
 * deleted when none are (a Deleter whose reconcile precondition fails is deleted,
 * WorkflowReconcileExecutor.NodeDeleteExecutor in operator-framework/java-operator-sdk v5.2.3).
 * Both are named {@code NAME-workers}; their informers see only juliapod's worker objects.
 */
class WorkerDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, JuliaPod> {
  private final Function<Plan, R> desired;

  /** The part of the object the operator decides, compared as a whole. */
  private final Function<R, Object> owned;

  private WorkerDependent(
      Class<R> type, String name, Function<Plan, R> desired, Function<R, Object> owned) {
    super(type, name);
    this.desired = desired;
    this.owned = owned;
  }

  /**
   * The API server fills in a Service's clusterIPs, ipFamilies, sessionAffinity and
   * internalTrafficPolicy and drops false booleans (pkg/registry/core/service/strategy.go and
   * defaults), so the selector, the ports and the cluster IP are compared, not the whole spec.
   */
  static WorkerDependent<Service> service() {
    return new WorkerDependent<>(
        Service.class, "worker-services", WorkerObjects::service, WorkerDependent::serviceShape);
  }

  private static Object serviceShape(Service service) {
    var spec = service.getSpec();
    List<String> ports = new ArrayList<>();
    for (ServicePort p : Objects.requireNonNullElse(spec.getPorts(), List.<ServicePort>of())) {
      ports.add(p.getName() + "/" + p.getProtocol() + "/" + p.getPort() + "/" + p.getTargetPort());
    }
    return List.of(
        Objects.requireNonNullElse(spec.getSelector(), Map.of()),
        ports,
        String.valueOf(spec.getClusterIP()),
        String.valueOf(spec.getIpFamilyPolicy()));
  }

  /**
   * A NetworkPolicy's spec is all the operator's: a rule added by hand is taken out again. The API
   * server's only defaults in it, a port's protocol (TCP) and policyTypes (kubernetes
   * pkg/apis/networking/v1/defaults.go), are set in the desired object, so what it stores equals
   * what was sent.
   */
  static WorkerDependent<NetworkPolicy> networkPolicy() {
    return new WorkerDependent<>(
        NetworkPolicy.class,
        "worker-networkpolicies",
        WorkerObjects::networkPolicy,
        NetworkPolicy::getSpec);
  }

  @Override
  protected R desired(JuliaPod primary, Context<JuliaPod> context) {
    return Owners.ownedBy(desired.apply(WorkerDependents.inputs(context).plan()), primary);
  }

  /**
   * java-operator-sdk's own matcher (GenericKubernetesResourceMatcher, without server-side apply)
   * takes a field the API server does not return, as a Service's publishNotReadyAddresses: false,
   * for a difference, and would write the Service at every pass.
   */
  @Override
  public Result<R> match(R actual, R desired, JuliaPod primary, Context<JuliaPod> context) {
    boolean same =
        owned.apply(actual).equals(owned.apply(desired))
            && Objects.equals(actual.getMetadata().getLabels(), desired.getMetadata().getLabels());
    return Result.computed(same, desired);
  }

  /**
   * One of that name that is there already (409): this JuliaPod's, not yet in the cache, is used;
   * anyone else's is not taken over, and WorkersReady says so.
   */
  @Override
  public R create(R target, JuliaPod primary, Context<JuliaPod> context) {
    R found =
        Owners.createIfAbsent(
            context.getClient(), target, () -> super.create(target, primary, context));
    if (found != null
        && Owners.refs(found).stream()
            .noneMatch(r -> primary.getMetadata().getUid().equals(r.getUid()))) {
      throw new IllegalStateException(
          found.getKind()
              + " "
              + found.getMetadata().getNamespace()
              + "/"
              + found.getMetadata().getName()
              + " exists and is not this JuliaPod's: rename or delete it, and the operator makes"
              + " its own");
    }
    return found;
  }

  /**
   * Only this JuliaPod's: one of that name with the workers' labels that someone else made is
   * neither updated nor deleted; the create that follows says whose it is.
   */
  @Override
  public Optional<R> getSecondaryResource(JuliaPod primary, Context<JuliaPod> context) {
    return SessionDependents.cached(eventSource(), targetSecondaryResourceID(primary, context))
        .filter(
            found ->
                Owners.refs(found).stream()
                    .anyMatch(r -> primary.getMetadata().getUid().equals(r.getUid())));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(JuliaPod primary, Context<JuliaPod> context) {
    Plan plan = WorkerDependents.inputs(context).plan();
    return new ResourceID(SessionWorkers.serviceName(plan), plan.namespace());
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(
      EventSourceContext<JuliaPod> context) {
    return super.informerConfigurationBuilder(context).withLabelSelector(Labels.WORKER_SELECTOR);
  }
}
