package dev.juliapod.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaPodStatus;
import dev.juliapod.operator.Crds;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The indexed mock answers exactly as fabric8's plain CRUD mock does: the same requests, sent to
 * both, get the same status codes and the same objects.
 */
class IndexedCrudDispatcherTest {
  private final List<KubernetesMockServer> servers = new ArrayList<>();
  private KubernetesClient plain;
  private KubernetesClient indexed;
  private final IndexedCrudDispatcher index = new IndexedCrudDispatcher();

  @BeforeEach
  void start() throws Exception {
    plain = start(new KubernetesCrudDispatcher());
    indexed = start(index);
    Crds.install(plain, Examples.ROOT);
    Crds.install(indexed, Examples.ROOT);
  }

  @AfterEach
  void stop() {
    plain.close();
    indexed.close();
    servers.forEach(KubernetesMockServer::destroy);
  }

  @Test
  void namedRequestsAnswerAsThePlainMock() {
    List<Function<KubernetesClient, Object>> steps =
        List.of(
            c -> c.configMaps().inNamespace("a").resource(configMap("x", "1")).create(),
            c -> c.configMaps().inNamespace("a").resource(configMap("x", "2")).create(),
            c -> c.configMaps().inNamespace("b").resource(configMap("x", "3")).create(),
            c -> c.secrets().inNamespace("a").resource(secret("x")).create(),
            c -> c.configMaps().inNamespace("a").withName("x").get(),
            c -> c.configMaps().inNamespace("b").withName("x").get(),
            c -> c.configMaps().inNamespace("a").withName("missing").get(),
            c -> c.secrets().inNamespace("b").withName("x").get(),
            c -> c.configMaps().inNamespace("a").withName("x").edit(m -> data(m, "4")),
            c -> c.configMaps().inNamespace("a").resource(stale(configMap("x", "stale"))).update(),
            c ->
                c.configMaps()
                    .inNamespace("b")
                    .withName("x")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"5\"}}"),
            c ->
                c.namespaces()
                    .resource(
                        new NamespaceBuilder()
                            .withNewMetadata()
                            .withName("x")
                            .endMetadata()
                            .build())
                    .create(),
            c -> c.namespaces().withName("x").get(),
            c -> c.configMaps().inNamespace("a").withName("x").get(),
            c -> c.configMaps().inAnyNamespace().list().getItems(),
            c -> c.configMaps().inNamespace("a").withName("x").delete().size(),
            c -> c.configMaps().inNamespace("a").withName("x").get(),
            c -> c.configMaps().inNamespace("b").withName("x").get(),
            c -> c.configMaps().inNamespace("a").resource(configMap("x", "6")).create(),
            c -> c.configMaps().inNamespace("a").resource(generated("x-")).create(),
            c -> c.configMaps().inNamespace("a").resource(generated("x-")).create(),
            c -> c.configMaps().inNamespace("a").list().getItems().size(),
            c -> {
              ConfigMap map = c.configMaps().inNamespace("b").withName("x").get();
              return c.configMaps().inNamespace("b").resource(data(map, "7")).update();
            },
            // One name in two API groups: a get of either path matches its own
            c -> c.v1().events().inNamespace("a").resource(coreEvent("e")).create(),
            c -> c.events().v1().events().inNamespace("a").resource(event("e")).create(),
            c -> c.v1().events().inNamespace("a").withName("e").get(),
            c -> c.events().v1().events().inNamespace("a").withName("e").get(),
            c -> c.v1().events().inNamespace("a").withName("e").delete().size(),
            c -> c.events().v1().events().inNamespace("a").withName("e").get(),
            c -> c.v1().events().inNamespace("a").withName("e").get(),
            // A custom resource and its status subresource
            c -> c.resources(JuliaPod.class).inNamespace("a").resource(juliaPod()).create(),
            c -> {
              JuliaPod pod = c.resources(JuliaPod.class).inNamespace("a").withName("jp").get();
              pod.setStatus(new JuliaPodStatus());
              pod.getStatus().phase = "Ready";
              return c.resources(JuliaPod.class).inNamespace("a").resource(pod).updateStatus();
            },
            c -> c.resources(JuliaPod.class).inNamespace("a").withName("jp").get());
    List<String> fromPlain = run(plain, steps);
    assertEquals(fromPlain, run(indexed, steps));
    assertThat(fromPlain.get(1)).startsWith("409");
    assertThat(fromPlain.get(6)).isEqualTo("null");
    assertThat(fromPlain.get(9)).startsWith("409");
    assertThat(fromPlain.get(16)).isEqualTo("null");
    assertThat(fromPlain.get(17)).contains("\"k\":\"5\"");
    assertThat(fromPlain.get(21)).isEqualTo("3");
    assertThat(fromPlain.get(22)).contains("\"k\":\"7\"");
    assertThat(fromPlain.get(25)).contains("\"apiVersion\":\"v1\"");
    assertThat(fromPlain.get(26)).contains("events.k8s.io/v1");
    // the plain mock's delete on the core path matches both (deletes are not indexed)
    assertThat(fromPlain.get(28)).isEqualTo("null");
    assertThat(fromPlain.get(29)).isEqualTo("null");
    assertThat(fromPlain.get(32)).contains("\"phase\":\"Ready\"");
  }

  @Test
  void aLongRandomRunAnswersAsThePlainMock() {
    Random random = new Random(18);
    List<Function<KubernetesClient, Object>> steps = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String namespace = "ns" + random.nextInt(3);
      String name = "o" + random.nextInt(4);
      String value = Integer.toString(i);
      boolean secret = random.nextInt(4) == 0;
      steps.add(
          switch (random.nextInt(8)) {
            case 0, 1 ->
                c ->
                    secret
                        ? c.secrets().inNamespace(namespace).resource(secret(name)).create()
                        : c.configMaps()
                            .inNamespace(namespace)
                            .resource(configMap(name, value))
                            .create();
            case 2 ->
                c ->
                    secret
                        ? c.secrets().inNamespace(namespace).withName(name).get()
                        : c.configMaps().inNamespace(namespace).withName(name).get();
            case 3 ->
                c -> c.configMaps().inNamespace(namespace).withName(name).edit(m -> data(m, value));
            case 4 ->
                c ->
                    c.configMaps()
                        .inNamespace(namespace)
                        .withName(name)
                        .edit(m -> finalizer(m, even(value)));
            case 5 -> c -> c.configMaps().inNamespace(namespace).withName(name).delete().size();
            case 6 -> c -> c.configMaps().inNamespace(namespace).resource(generated(name)).create();
            default -> c -> c.configMaps().inNamespace(namespace).list().getItems();
          });
    }
    List<String> fromPlain = run(plain, steps);
    assertEquals(fromPlain, run(indexed, steps));
    assertThat(fromPlain).anyMatch(o -> o.startsWith("409")).anyMatch(o -> o.equals("null"));
    assertThat(fromPlain).anyMatch(o -> o.contains("deletionTimestamp"));
  }

  private static boolean even(String value) {
    return Integer.parseInt(value) % 2 == 0;
  }

  private KubernetesClient start(KubernetesCrudDispatcher dispatcher) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    servers.add(server);
    return server.createClient();
  }

  /**
   * Each step's answer, without what differs between two servers (uid, times), or its error; on the
   * indexed mock, its index is checked against what it stores after every step.
   */
  private List<String> run(
      KubernetesClient client, List<Function<KubernetesClient, Object>> steps) {
    List<String> outcomes = new ArrayList<>();
    for (Function<KubernetesClient, Object> step : steps) {
      try {
        outcomes.add(normalized(step.apply(client)));
      } catch (KubernetesClientException e) {
        outcomes.add(e.getCode() + " " + (e.getStatus() == null ? "" : e.getStatus().getMessage()));
      }
      if (client == indexed) {
        assertTrue(index.consistent(), "index after step " + outcomes.size());
      }
    }
    return outcomes;
  }

  private static String normalized(Object answer) {
    if (answer instanceof List<?> items) {
      return items.stream().map(IndexedCrudDispatcherTest::normalized).toList().toString();
    }
    if (answer instanceof HasMetadata object) {
      object.getMetadata().setUid(null);
      if (object.getMetadata().getGenerateName() != null) {
        object.getMetadata().setName(object.getMetadata().getGenerateName() + "(generated)");
      }
      object.getMetadata().setCreationTimestamp(null);
      if (object.getMetadata().getDeletionTimestamp() != null) {
        object.getMetadata().setDeletionTimestamp("deletionTimestamp");
      }
      return Serialization.asJson(object);
    }
    return String.valueOf(answer);
  }

  private static ConfigMap configMap(String name, String value) {
    return data(
        new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build(), value);
  }

  private static io.fabric8.kubernetes.api.model.Event coreEvent(String name) {
    return new io.fabric8.kubernetes.api.model.EventBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withReason("Core")
        .build();
  }

  private static Event event(String name) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withReason("Group")
        .build();
  }

  private static JuliaPod juliaPod() {
    JuliaPod pod = new JuliaPod();
    pod.getMetadata().setName("jp");
    return pod;
  }

  private static ConfigMap generated(String prefix) {
    return new ConfigMapBuilder().withNewMetadata().withGenerateName(prefix).endMetadata().build();
  }

  private static ConfigMap stale(ConfigMap map) {
    map.getMetadata().setResourceVersion("1");
    return map;
  }

  private static Secret secret(String name) {
    return new SecretBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  private static ConfigMap data(ConfigMap map, String value) {
    map.setData(Map.of("k", value));
    return map;
  }

  private static ConfigMap finalizer(ConfigMap map, boolean add) {
    map.getMetadata().setFinalizers(add ? List.of("juliapod.dev/test") : List.of());
    return map;
  }
}
