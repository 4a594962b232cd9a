package dev.juliapod.chart;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** charts/juliapod-operator rendered by real Helm (helm-java), offline. */
final class Chart {
  static final Path DIR =
      Path.of(System.getProperty("basedir", "."))
          .resolve("../charts/juliapod-operator")
          .normalize();
  private static final KubernetesSerialization K8S = new KubernetesSerialization();

  private Chart() {}

  static List<HasMetadata> render(Map<String, Object> values) {
    var template =
        new Helm(DIR).template().withName("jp").withNamespace("juliapod-system").skipCrds();
    values.forEach(template::set);
    return K8S.unmarshal(template.call());
  }

  @SuppressWarnings("unchecked")
  static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(o -> (T) o).toList();
  }
}
