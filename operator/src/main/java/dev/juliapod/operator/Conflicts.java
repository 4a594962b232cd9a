package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.UnaryOperator;

/**
 * Edits of objects others may write at the same moment (a shared JuliaSysimage: its build settings
 * or its credentials Secret, while a user edits it too). A 409 means someone else wrote first: read
 * again and re-apply at once, instead of failing the reconcile into java-operator-sdk's retry,
 * whose backoff starts at seconds.
 */
public final class Conflicts {
  static final int ATTEMPTS = 8;

  private Conflicts() {}

  public static <T extends HasMetadata> T edit(Resource<T> resource, UnaryOperator<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return resource.edit(change);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
