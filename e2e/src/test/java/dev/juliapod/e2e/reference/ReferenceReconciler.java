package dev.juliapod.e2e.reference;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.api.Labels;
import dev.juliapod.api.Phase;
import dev.juliapod.operator.EventRecorder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The reference's one reconciler (see {@link ReferenceOperator}). The first pass creates the claim
 * and ConfigMap at once and the pod after both, as juliapod does (the kubelet should never see a
 * pod before what it mounts); the pod's Ready event brings the second pass, which writes status and
 * sends the event. Reads come from informers on juliapod's session label only, and what it creates
 * goes into them at once, as juliapod's {@code Cached} does, so its own creates do not wake it
 * again.
 */
@ControllerConfiguration(name = "reference")
public final class ReferenceReconciler implements Reconciler<JuliaPod> {
  private final EventRecorder events;
  private InformerEventSource<Pod, JuliaPod> pods;
  private InformerEventSource<PersistentVolumeClaim, JuliaPod> claims;
  private InformerEventSource<ConfigMap, JuliaPod> configMaps;

  ReferenceReconciler(EventRecorder events) {
    this.events = events;
  }

  @Override
  public List<EventSource<?, JuliaPod>> prepareEventSources(EventSourceContext<JuliaPod> context) {
    pods = informer(Pod.class, "pods", context);
    claims = informer(PersistentVolumeClaim.class, "claims", context);
    configMaps = informer(ConfigMap.class, "configmaps", context);
    return List.of(pods, claims, configMaps);
  }

  private static <R extends HasMetadata> InformerEventSource<R, JuliaPod> informer(
      Class<R> type, String name, EventSourceContext<JuliaPod> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, JuliaPod.class)
            .withName(name)
            .withLabelSelector(Labels.SESSION_SELECTOR)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(JuliaPod.class))
            .build(),
        context);
  }

  @Override
  public UpdateControl<JuliaPod> reconcile(JuliaPod juliaPod, Context<JuliaPod> context)
      throws InterruptedException, ExecutionException {
    KubernetesClient client = context.getClient();
    String ns = juliaPod.getMetadata().getNamespace();
    String name = juliaPod.getMetadata().getName();
    Pod pod = pods.get(new ResourceID(ReferenceSession.podName(name), ns)).orElse(null);
    if (pod == null) {
      // One on the workflow executor (the pool juliapod's two dependents run on), one here.
      Future<?> claim =
          context
              .getWorkflowExecutorService()
              .submit(() -> ensure(client, claims, ReferenceSession.claim(juliaPod), ns));
      ensure(client, configMaps, ReferenceSession.configMap(juliaPod), ns);
      claim.get();
      ensure(client, pods, ReferenceSession.pod(juliaPod), ns);
      return UpdateControl.noUpdate();
    }
    if (ReferenceSession.isReady(pod)
        && (juliaPod.getStatus() == null || !Phase.READY.is(juliaPod.getStatus().phase))) {
      JuliaPodStatus status = new JuliaPodStatus();
      status.phase = Phase.READY.text();
      status.pod = pod.getMetadata().getName();
      status.observedGeneration = juliaPod.getMetadata().getGeneration();
      juliaPod.setStatus(status);
      events.normal(juliaPod, "SessionStarted", "REPL ready in pod " + status.pod);
      return UpdateControl.patchStatus(juliaPod);
    }
    return UpdateControl.noUpdate();
  }

  /** Creates {@code desired} unless its informer has it; a 409 means it is there already. */
  private static <R extends HasMetadata> void ensure(
      KubernetesClient client, InformerEventSource<R, JuliaPod> cache, R desired, String ns) {
    ResourceID id = new ResourceID(desired.getMetadata().getName(), ns);
    if (cache.get(id).isPresent()) {
      return;
    }
    try {
      cache.handleRecentResourceCreate(id, client.resource(desired).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }
}
