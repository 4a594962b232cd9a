package dev.juliapod.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bench's mock resumes a watch from its resourceVersion, as the API server does. */
class ResumingCrudDispatcherTest {
  private KubernetesMockServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server = BenchCluster.mockServer();
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void aWatchFromAVersionGetsOnlyWhatChangedAfterIt() throws Exception {
    create("before");
    String listed = client.configMaps().inNamespace("ns").list().getMetadata().getResourceVersion();
    create("after");

    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (Watch watch =
        watch(new ListOptionsBuilder().withResourceVersion(listed).build(), events)) {
      assertEquals("ADDED after", events.poll(10, TimeUnit.SECONDS));
      client.configMaps().inNamespace("ns").withName("before").edit(c -> data(c, "changed"));
      assertEquals("MODIFIED before", events.poll(10, TimeUnit.SECONDS));
      client.configMaps().inNamespace("ns").withName("before").delete();
      assertEquals("DELETED before", events.poll(10, TimeUnit.SECONDS));
      assertEquals(null, events.poll(500, TimeUnit.MILLISECONDS));
    }
  }

  @Test
  void aWatchWithoutAVersionStartsWithEveryObject() throws Exception {
    create("one");
    create("two");
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (Watch watch = watch(new ListOptions(), events)) {
      List<String> first =
          List.of(events.poll(10, TimeUnit.SECONDS), events.poll(10, TimeUnit.SECONDS));
      assertEquals(List.of("ADDED one", "ADDED two"), first.stream().sorted().toList());
    }
  }

  @Test
  void theVersionIsReadFromTheQuery() {
    assertEquals(0, ResumingCrudDispatcher.resourceVersion("/api/v1/configmaps?watch=true"));
    assertEquals(
        0,
        ResumingCrudDispatcher.resourceVersion("/api/v1/configmaps?resourceVersion=&watch=true"));
    assertEquals(
        0,
        ResumingCrudDispatcher.resourceVersion(
            "/api/v1/configmaps?resourceVersion=abc&watch=true"));
    assertEquals(
        0,
        ResumingCrudDispatcher.resourceVersion(
            "/api/v1/configmaps?resourceVersion=42&sendInitialEvents=true&watch=true"));
    assertEquals(
        42,
        ResumingCrudDispatcher.resourceVersion(
            "/api/v1/namespaces/a/configmaps?allowWatchBookmarks=true&resourceVersion=42&watch=true"));
  }

  @Test
  void anEventItCannotReadIsSent() {
    assertEquals(false, ResumingCrudDispatcher.replayed("{\"type\":\"ADDED\",", 10));
    assertEquals(
        false,
        ResumingCrudDispatcher.replayed(
            "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"resourceVersion\":\"x\"}}}", 10));
    assertEquals(
        true,
        ResumingCrudDispatcher.replayed(
            "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"resourceVersion\":\"9\"}}}", 10));
  }

  private void create(String name) {
    client
        .configMaps()
        .inNamespace("ns")
        .resource(
            data(
                new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build(), "v"))
        .create();
  }

  private static ConfigMap data(ConfigMap map, String value) {
    map.setData(Map.of("k", value));
    return map;
  }

  private Watch watch(ListOptions options, BlockingQueue<String> events) {
    return client
        .configMaps()
        .inNamespace("ns")
        .watch(
            options,
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, ConfigMap map) {
                events.add(action + " " + map.getMetadata().getName());
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }
}
