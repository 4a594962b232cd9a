package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaSysimage;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the operator sets up the client it is given; no API server is needed for it. */
class JuliaPodOperatorTest {
  @Test
  void watchEventsOfItsOwnKindsAreReadAsTheirClassesAtOnce() {
    // A client of its own: the tests' mock client may know these kinds already.
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
            .build()) {
      var json = client.getKubernetesSerialization();
      String pod = event(json.asJson(juliaPod()));
      assertThat(json.unmarshal(pod, WatchEvent.class).getObject())
          .as("before the operator registers its kinds")
          .isNotInstanceOf(JuliaPod.class);

      JuliaPodOperator.create(
          client,
          OperatorTestBase.defaults(),
          Set.of(),
          TestBases.timings(),
          new OperatorMetrics(),
          TestBases.client(),
          TestBases::inTests);

      // fabric8 would otherwise convert each one again (AbstractWatchManager.eventReceived)
      assertThat(json.unmarshal(pod, WatchEvent.class).getObject()).isInstanceOf(JuliaPod.class);
      JuliaSysimage sysimage = new JuliaSysimage();
      sysimage.getMetadata().setName("jsi");
      assertThat(json.unmarshal(event(json.asJson(sysimage)), WatchEvent.class).getObject())
          .isInstanceOf(JuliaSysimage.class);
      assertThat(json.unmarshal(json.asJson(sysimage), KubernetesResource.class))
          .isInstanceOf(JuliaSysimage.class);
    }
  }

  private static JuliaPod juliaPod() {
    JuliaPod pod = new JuliaPod();
    pod.getMetadata().setName("hello");
    pod.getMetadata().setNamespace("team");
    return pod;
  }

  private static String event(String object) {
    return "{\"type\":\"ADDED\",\"object\":" + object + "}";
  }
}
