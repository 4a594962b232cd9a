package dev.juliapod.session;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.juliapod.api.Labels;
import dev.juliapod.julia.Sha256;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.ProjectFiles;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The session side of a plan: the workspace claim and the ConfigMap with the full (unstripped)
 * project and the session's scripts; {@link SessionPod} is the REPL pod that mounts them.
 */
public final class SessionObjects {
  private SessionObjects() {}

  public static Map<String, String> labels(Plan plan) {
    return Labels.session(plan.name());
  }

  public static String configMapName(Plan plan) {
    return plan.name() + "-session";
  }

  public static PersistentVolumeClaim workspace(Plan plan) {
    String storageClass =
        plan.session().workspace == null ? null : plan.session().workspace.storageClassName;
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(plan.workspaceClaim())
        .withNamespace(plan.namespace())
        .withLabels(labels(plan))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass)
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(plan.workspaceSize())))
        .endResources()
        .endSpec()
        .build();
  }

  public static ConfigMap files(Plan plan, ProjectFiles project) {
    return files(plan, project, SessionObjects::dataHash);
  }

  /**
   * The same, with {@code hash} giving the data's {@link #dataHash} (the operator keeps it with the
   * plan: the data is the same at every pass while the plan is).
   */
  public static ConfigMap files(
      Plan plan, ProjectFiles project, Function<Map<String, String>, String> hash) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("Project.toml", project.projectToml());
    data.put("Manifest.toml", project.manifestToml());
    data.put(SessionFiles.PREPARE, SessionFiles.prepareScript());
    data.put(SessionFiles.REPL, SessionFiles.replScript());
    data.put(SessionFiles.ACTIVITY, SessionFiles.activityScript());
    data.put(SessionFiles.ACTIVITY_SERVER, SessionFiles.activityServerScript());
    data.putAll(new TreeMap<>(SessionFiles.workerScripts()));
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(configMapName(plan))
        .withNamespace(plan.namespace())
        .withLabels(labels(plan))
        .withAnnotations(Map.of(Labels.DATA_HASH, hash.apply(data)))
        .endMetadata()
        .withData(data)
        .build();
  }

  /**
   * The data's identity, whatever order its keys come in (the API server sorts them): each key and
   * value, length-prefixed so no two maps read the same, digested one by one.
   */
  public static String dataHash(Map<String, String> data) {
    MessageDigest digest = Sha256.digest();
    new TreeMap<>(data)
        .forEach(
            (k, v) -> {
              digest.update(
                  (k.length() + ":" + k + (v == null ? -1 : v.length()) + ":").getBytes(UTF_8));
              if (v != null) {
                digest.update(v.getBytes(UTF_8));
              }
            });
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }
}
