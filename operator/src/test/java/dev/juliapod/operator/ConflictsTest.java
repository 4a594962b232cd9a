package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A write that loses a race (409) is read and applied again, not failed into a backoff. */
@EnableKubernetesMockClient
class ConflictsTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  static final String PATH = "/api/v1/namespaces/ns/configmaps/shared";

  ConfigMap map(String version, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("shared")
        .withNamespace("ns")
        .withResourceVersion(version)
        .endMetadata()
        .withData(data)
        .build();
  }

  void conflictOnce(int times) {
    server.expect().get().withPath(PATH).andReturn(200, map("1", Map.of("a", "1"))).always();
    server
        .expect()
        .patch()
        .withPath(PATH)
        .andReturn(
            409,
            new StatusBuilder()
                .withCode(409)
                .withReason("Conflict")
                .withMessage("the object has been modified")
                .build())
        .times(times);
    server
        .expect()
        .patch()
        .withPath(PATH)
        .andReturn(200, map("3", Map.of("a", "1", "b", "2")))
        .always();
  }

  @Test
  void aConflictIsRetriedWithAFreshRead() {
    conflictOnce(2);
    ConfigMap edited =
        Conflicts.edit(
            client.configMaps().inNamespace("ns").withName("shared"),
            c -> {
              c.getData().put("b", "2");
              return c;
            });
    assertThat(edited.getData())
        .as("two 409s, then the write went through")
        .containsEntry("b", "2");
  }

  @Test
  void endlessConflictsAndOtherErrorsReachTheCaller() {
    conflictOnce(Conflicts.ATTEMPTS);
    assertThatThrownBy(
            () ->
                Conflicts.edit(
                    client.configMaps().inNamespace("ns").withName("shared"),
                    c -> {
                      c.getData().put("b", "2");
                      return c;
                    }))
        .isInstanceOf(KubernetesClientException.class)
        .extracting(e -> ((KubernetesClientException) e).getCode())
        .isEqualTo(409);
  }
}
