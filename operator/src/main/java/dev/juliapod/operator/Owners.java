package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** Owner references: how Kubernetes garbage-collects what the operator created. */
final class Owners {
  private Owners() {}

  static OwnerReference of(HasMetadata owner, boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(controller ? true : null)
        .withBlockOwnerDeletion(controller ? true : null)
        .build();
  }

  static <T extends HasMetadata> T ownedBy(T object, HasMetadata owner) {
    object.getMetadata().setOwnerReferences(new ArrayList<>(List.of(of(owner, true))));
    return object;
  }

  /** Creates, or returns what is there: two reconciles racing for one name is normal. */
  static <T extends HasMetadata> T createIfAbsent(KubernetesClient client, T object) {
    return createIfAbsent(client, object, () -> client.resource(object).create());
  }

  /** The same, with {@code create} making the request (a dependent resource's own create). */
  static <T extends HasMetadata> T createIfAbsent(
      KubernetesClient client, T object, Supplier<T> create) {
    return created(create).orElseGet(() -> client.resource(object).get());
  }

  /** The created object, or empty when one of that name exists already. */
  /**
   * Deletes at once and leaves what it owns to the garbage collector (a Job's pods, a sysimage's
   * Job and context), so a successor of the same name can be made without waiting for them.
   */
  static void deleteInBackground(KubernetesClient client, HasMetadata object) {
    client
        .resource(object)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
  }

  static <T extends HasMetadata> Optional<T> create(KubernetesClient client, T object) {
    return created(() -> client.resource(object).create());
  }

  private static <T> Optional<T> created(Supplier<T> create) {
    try {
      return Optional.of(create.get());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return Optional.empty();
    }
  }

  static List<OwnerReference> refs(HasMetadata object) {
    return Objects.requireNonNullElse(object.getMetadata().getOwnerReferences(), List.of());
  }
}
