package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.Labels;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionObjects;
import dev.juliapod.session.SessionPod;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the session informers keep of a pod and a ConfigMap (docs/design.md, "Watches"). */
class PrunedStoreTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  @Test
  void aSessionPodKeepsWhatTheOperatorReads() throws Exception {
    Pod pod =
        new PodBuilder(SessionPod.of(plan(), "registry.test/juliapod@sha256:" + "a".repeat(64)))
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();
    Pod watched = YAML.clone(pod);
    watched
        .getMetadata()
        .setManagedFields(
            List.of(
                new io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder()
                    .withManager("kubelet")
                    .withOperation("Update")
                    .build()));
    Pod kept = PrunedStore.sessionPod(watched);

    assertThat(kept.getMetadata()).isEqualTo(pod.getMetadata());
    assertThat(watched.getMetadata().getManagedFields()).as("the event's own").hasSize(1);
    assertThat(kept.getStatus()).isEqualTo(pod.getStatus());
    assertThat(kept.getSpec().getContainers())
        .extracting(c -> c.getName(), c -> c.getImage(), c -> c.getResources())
        .containsExactlyElementsOf(
            pod.getSpec().getContainers().stream()
                .map(
                    c ->
                        org.assertj.core.groups.Tuple.tuple(
                            c.getName(), c.getImage(), c.getResources()))
                .toList());
    assertThat(kept.getSpec().getInitContainers()).hasSameSizeAs(pod.getSpec().getInitContainers());
    assertThat(kept.getSpec().getVolumes()).isEmpty();
    assertThat(kept.getSpec().getContainers().get(0).getCommand()).isEmpty();
    assertThat(YAML.asJson(kept).length())
        .as("JSON of what is kept against the whole pod's")
        .isLessThan(YAML.asJson(pod).length() / 2);
  }

  @Test
  void aSessionConfigMapKeepsTheHashOfTheDataItHolds() {
    Map<String, String> data = Map.of("Project.toml", "name = \"x\"\n", "repl.sh", "exec julia\n");
    String hash = SessionObjects.dataHash(data);
    for (Map<String, String> annotations :
        java.util.List.of(
            Map.<String, String>of(), // an earlier version's
            Map.of(Labels.DATA_HASH, hash),
            Map.of(Labels.DATA_HASH, "0123456789abcdef"))) { // data edited by hand
      ConfigMap map =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName("hello-session")
              .withAnnotations(annotations)
              .endMetadata()
              .withData(data)
              .build();
      ConfigMap kept = PrunedStore.sessionConfigMap(map);
      assertThat(kept.getData()).isNull();
      assertThat(kept.getMetadata().getAnnotations()).containsEntry(Labels.DATA_HASH, hash);
      assertThat(kept.getMetadata().getName()).isEqualTo("hello-session");
    }
  }

  @Test
  void theDataHashDoesNotDependOnKeyOrder() {
    var one = new java.util.LinkedHashMap<String, String>();
    one.put("a", "1");
    one.put("b", "2");
    var other = new java.util.LinkedHashMap<String, String>();
    other.put("b", "2");
    other.put("a", "1");
    assertThat(SessionObjects.dataHash(one)).isEqualTo(SessionObjects.dataHash(other));
    assertThat(SessionObjects.dataHash(Map.of("a", "12")))
        .isNotEqualTo(SessionObjects.dataHash(Map.of("a1", "2")));
  }

  private static Plan plan() throws Exception {
    var pod =
        YAML.unmarshal(
            Files.readString(OperatorTestBase.ROOT.resolve("examples/hello/juliapod.yaml")),
            dev.juliapod.api.JuliaPod.class);
    pod.getMetadata().setNamespace("team");
    return TestBases.plan(pod, OperatorTestBase.defaults());
  }
}
