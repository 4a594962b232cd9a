package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.Consumer;

/** Edits like `kubectl edit`: a patch, retried on a conflict with the operator's writes. */
public final class Edits {
  private Edits() {}

  public static <T extends HasMetadata> void edit(Resource<T> resource, Consumer<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        resource.edit(object -> {
          change.accept(object);
          return object;
        });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }
}
