package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.Consumer;

/** Edits like `kubectl edit`: a patch, retried on a conflict with the operator's writes. */
public final class Edits {
  private Edits() {}

  public static <T extends HasMetadata> void edit(Resource<T> resource, Consumer<T> change) {
    Conflicts.edit(
        resource,
        object -> {
          change.accept(object);
          return object;
        });
  }
}
