package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;

/**
 * One kind of object read from a controller's informer instead of the API server, so a reconcile
 * that has nothing to change makes no request. The cache may lag the server by a watch event; every
 * write that follows a read is idempotent (create answers 409, delete of a gone object is a no-op),
 * and objects the operator creates are put into the cache at once so the next pass does not create
 * them again.
 */
final class Cached<R extends HasMetadata> {
  private final InformerEventSource<R, ?> source;

  private Cached(InformerEventSource<R, ?> source) {
    this.source = source;
  }

  static <R extends HasMetadata> Cached<R> of(Context<?> context, Class<R> type, String name) {
    return new Cached<>(
        (InformerEventSource<R, ?>) context.eventSourceRetriever().getEventSourceFor(type, name));
  }

  Optional<R> get(String namespace, String name) {
    return source.get(new ResourceID(name, namespace));
  }

  java.util.stream.Stream<R> list(String namespace) {
    return source.list(namespace);
  }

  /** Records an object this operator just created; returns it. */
  R created(R object) {
    source.handleRecentResourceCreate(ResourceID.fromResource(object), object);
    return object;
  }

  /** Records the server's answer to an update of {@code previous}; returns it. */
  R updated(R object, R previous) {
    source.handleRecentResourceUpdate(ResourceID.fromResource(object), object, previous);
    return object;
  }
}
