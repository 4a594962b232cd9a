package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the JuliaPod controller watches besides JuliaPods, each by name so reconciles read them
 * from the cache ({@link Cached}): its sysimages, session pods, workspace claims and
 * ConfigMaps (its own, and the project ConfigMaps JuliaPods name).
 */
final class JuliaPodSources {
  static final String CONFIGMAP_INDEX = "project-configmap";
  static final String SYSIMAGES = "sysimages";
  static final String SESSION_PODS = "session-pods";
  static final String WORKSPACES = "workspaces";
  static final String CONFIGMAPS = "configmaps";

  private JuliaPodSources() {}

  static List<EventSource<?, JuliaPod>> of(EventSourceContext<JuliaPod> context) {
    context.getPrimaryCache().addIndexer(CONFIGMAP_INDEX, pod -> pod.getSpec() == null
        || pod.getSpec().project == null || pod.getSpec().project.configMapRef == null
        ? List.of() : List.of(pod.getMetadata().getNamespace() + "/"
            + pod.getSpec().project.configMapRef.name));
    var sysimages = InformerEventSourceConfiguration.from(JuliaSysimage.class, JuliaPod.class)
        .withName(SYSIMAGES)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(JuliaPod.class)).build();
    var pods = InformerEventSourceConfiguration.from(Pod.class, JuliaPod.class)
        .withName(SESSION_PODS)
        .withLabelSelector("app.kubernetes.io/component=session")
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(JuliaPod.class)).build();
    var claims = InformerEventSourceConfiguration.from(PersistentVolumeClaim.class,
            JuliaPod.class)
        .withName(WORKSPACES)
        .withLabelSelector("app.kubernetes.io/component=session")
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(JuliaPod.class)).build();
    // All ConfigMaps: a project's may be any the user names; the session's own ones are owned.
    var configMaps = InformerEventSourceConfiguration.from(ConfigMap.class, JuliaPod.class)
        .withName(CONFIGMAPS)
        .withSecondaryToPrimaryMapper(map -> {
          Set<ResourceID> users = context.getPrimaryCache()
              .byIndex(CONFIGMAP_INDEX, map.getMetadata().getNamespace() + "/"
                  + map.getMetadata().getName())
              .stream().map(ResourceID::fromResource).collect(Collectors.toSet());
          users.addAll(Mappers.fromOwnerReferences(JuliaPod.class).toPrimaryResourceIDs(map));
          return users;
        }).build();
    return List.of(new InformerEventSource<>(sysimages, context),
        new InformerEventSource<>(pods, context), new InformerEventSource<>(claims, context),
        new InformerEventSource<>(configMaps, context));
  }
}
