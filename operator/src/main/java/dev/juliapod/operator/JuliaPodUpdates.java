package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.Labels;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a JuliaPod bring a pass: a new generation (spec changed), deletion starting, or
 * a resume asked for with {@link Labels#RESUME}, which changes no generation. java-operator-sdk's
 * generation-aware filter would drop the last, and a filter of our own is only ANDed with it
 * (ControllerEventSource's constructor, InternalEventFilters.onUpdateGenerationAware, v5.2.3), so
 * the controller turns that one off and this does its work: status writes, the operator's own and
 * the informer's resyncs still bring no pass.
 */
public final class JuliaPodUpdates implements OnUpdateFilter<JuliaPod> {
  @Override
  public boolean accept(JuliaPod updated, JuliaPod old) {
    Long before = old.getMetadata().getGeneration();
    Long after = updated.getMetadata().getGeneration();
    return before == null
        || after == null
        || before < after
        || (!old.isMarkedForDeletion() && updated.isMarkedForDeletion())
        || !Objects.equals(resume(old), resume(updated));
  }

  private static String resume(JuliaPod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Labels.RESUME);
  }
}
