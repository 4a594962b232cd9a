package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.api.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the JuliaPod controller watches besides JuliaPods, each by name so reconciles read them from
 * the cache ({@link Cached}): its sysimages, session pods, the labelled project ConfigMaps
 * JuliaPods name, and, through the session dependents' own informers, its workspace claims and
 * session ConfigMaps; each by label, so the operator's memory follows its JuliaPods, not the size
 * of the cluster.
 */
final class JuliaPodSources {
  static final String CONFIGMAP_INDEX = "project-configmap";

  /**
   * Only juliapod's own objects: other applications also label pods with a component
   * (app.kubernetes.io/component=session is not ours alone), and those would be cached too.
   */
  static final String SESSION_SELECTOR = Labels.SESSION_SELECTOR;

  static final String BUILD_SELECTOR = Labels.BUILD_SELECTOR;
  static final String SYSIMAGES = "sysimages";
  static final String SESSION_PODS = "session-pods";

  /** Distributed.jl worker pods (WorkerPass). */
  static final String WORKER_PODS = "worker-pods";

  /** The workspace claims ({@link WorkspaceClaim}, its informer's name). */
  static final String WORKSPACES = "workspaces";

  /** The session ConfigMaps the operator makes ({@link SessionConfigMap}). */
  static final String CONFIGMAPS = "configmaps";

  /** Project ConfigMaps JuliaPods name, which carry this label (docs/design.md, "Watches"). */
  static final String PROJECT_CONFIGMAPS = "project-configmaps";

  public static final String PROJECT_LABEL = Labels.PROJECT;

  private JuliaPodSources() {}

  /**
   * @param buildNamespace where all sysimages live (central builds), or null for the JuliaPods' own
   *     namespaces
   */
  static List<EventSource<?, JuliaPod>> of(
      EventSourceContext<JuliaPod> context,
      SessionDependents session,
      SysimageUsers users,
      String buildNamespace) {
    context
        .getPrimaryCache()
        .addIndexer(
            CONFIGMAP_INDEX,
            pod ->
                pod.getSpec() == null
                        || pod.getSpec().project == null
                        || pod.getSpec().project.configMapRef == null
                    ? List.of()
                    : List.of(
                        pod.getMetadata().getNamespace()
                            + "/"
                            + pod.getSpec().project.configMapRef.name));
    var sysimageConfig =
        InformerEventSourceConfiguration.from(JuliaSysimage.class, JuliaPod.class)
            .withName(SYSIMAGES);
    if (buildNamespace != null) {
      // An informer otherwise watches its controller's namespaces (java-operator-sdk
      // InformerConfiguration, SAME_AS_CONTROLLER_NAMESPACES_SET); without this it would find no
      // sysimage there, and every pass would create one, get 409 and read it back.
      sysimageConfig
          .withNamespaces(java.util.Set.of(buildNamespace))
          // Where the controller's namespaces go (RegisteredController.changeNamespaces), this one
          // stays: java-operator-sdk moves an informer that follows them
          // (InformerConfiguration.followControllerNamespaceChanges, true by default).
          .withFollowControllerNamespacesChanges(false);
    }
    var sysimages =
        sysimageConfig
            // Its users, not its owners: a sysimage's progress wakes the JuliaPods using it.
            .withSecondaryToPrimaryMapper(
                sysimage ->
                    users.of(ResourceID.fromResource(sysimage)).stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    var pods =
        PrunedStore.keeping(
                InformerEventSourceConfiguration.from(Pod.class, JuliaPod.class)
                    .withName(SESSION_PODS)
                    .withLabelSelector(SESSION_SELECTOR)
                    .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(JuliaPod.class)),
                context,
                PrunedStore::sessionPod)
            .build();
    var workers =
        PrunedStore.keeping(
                InformerEventSourceConfiguration.from(Pod.class, JuliaPod.class)
                    .withName(WORKER_PODS)
                    .withLabelSelector(Labels.WORKER_SELECTOR)
                    .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(JuliaPod.class)),
                context,
                PrunedStore::sessionPod)
            .build();
    // Never every ConfigMap of the cluster: the operator's own by their label (the session
    // dependents' informers), and projects by theirs, which kustomize adds with
    // generatorOptions.labels.
    var projects =
        InformerEventSourceConfiguration.from(ConfigMap.class, JuliaPod.class)
            .withName(PROJECT_CONFIGMAPS)
            .withLabelSelector(PROJECT_LABEL)
            .withSecondaryToPrimaryMapper(
                map ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            CONFIGMAP_INDEX,
                            map.getMetadata().getNamespace() + "/" + map.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    List<EventSource<?, JuliaPod>> sources =
        new ArrayList<>(
            List.of(
                new InformerEventSource<>(sysimages, context),
                new InformerEventSource<>(pods, context),
                new InformerEventSource<>(workers, context),
                new InformerEventSource<>(projects, context)));
    sources.addAll(session.eventSources(context));
    return sources;
  }
}
