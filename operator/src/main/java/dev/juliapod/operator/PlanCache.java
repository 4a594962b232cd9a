package dev.juliapod.operator;

import dev.juliapod.api.JuliaPod;
import dev.juliapod.plan.BaseImage;
import dev.juliapod.plan.OperatorDefaults;
import dev.juliapod.plan.Plan;
import dev.juliapod.plan.PlanException;
import dev.juliapod.plan.Planner;
import dev.juliapod.plan.ProjectFiles;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The last plan of each JuliaPod. A JuliaPod is reconciled several times per change (its sysimage's
 * progress, its pod's), and parsing its Manifest was most of the operator's CPU (BENCHMARKS.md); a
 * plan depends only on the spec (its generation), the project files and the operator's defaults, so
 * it is reused while those stay the same. Bounded by the size of the project text its plans were
 * made from (their stripped files are about as large), least recently used first out.
 */
final class PlanCache {
  private record Entry(
      long generation,
      Fingerprint files,
      BaseImage base,
      Plan plan,
      SessionTemplate template,
      long weight) {}

  private final OperatorDefaults defaults;
  private final long maxChars;
  private final LinkedHashMap<String, Entry> byUid = new LinkedHashMap<>(16, 0.75f, true);
  private final SharedPlans shared = new SharedPlans();
  private long chars;

  /**
   * @param maxChars project text (Project + Manifest) to keep plans for, in characters
   */
  PlanCache(OperatorDefaults defaults, long maxChars) {
    this.defaults = defaults;
    this.maxChars = maxChars;
  }

  /**
   * @param base the resolved base image, part of what the plan depends on; null by tag
   */
  Plan plan(JuliaPod pod, ProjectFiles files, BaseImage base) throws PlanException {
    String uid = pod.getMetadata().getUid();
    long generation = Objects.requireNonNullElse(pod.getMetadata().getGeneration(), 0L);
    synchronized (this) {
      Entry hit = byUid.get(uid);
      if (hit != null
          && hit.generation() == generation
          && hit.files().equals(Fingerprint.of(files))
          && Objects.equals(hit.base(), base)) {
        return hit.plan();
      }
    }
    Plan made = Planner.plan(pod, files, defaults, base); // outside the lock: parses overlap
    long weight = length(files.projectToml()) + length(files.manifestToml());
    synchronized (this) {
      Plan plan = shared.share(made);
      Entry old =
          byUid.put(
              uid,
              new Entry(
                  generation, Fingerprint.of(files), base, plan, new SessionTemplate(), weight));
      if (old != null) {
        dropped(old);
      }
      chars += weight;
      for (Iterator<Map.Entry<String, Entry>> it = byUid.entrySet().iterator();
          chars > maxChars && it.hasNext(); ) {
        dropped(it.next().getValue());
        it.remove();
      }
      return plan;
    }
  }

  /** The session template of {@code plan}, kept with it while it is this JuliaPod's plan. */
  synchronized SessionTemplate template(JuliaPod pod, Plan plan) {
    Entry entry = byUid.get(pod.getMetadata().getUid());
    return entry != null && entry.plan() == plan ? entry.template() : new SessionTemplate();
  }

  /** A deleted JuliaPod's plan is of no more use. */
  synchronized void forget(JuliaPod pod) {
    Entry old = byUid.remove(pod.getMetadata().getUid());
    if (old != null) {
      dropped(old);
    }
  }

  private void dropped(Entry entry) {
    chars -= entry.weight();
    shared.release(entry.plan());
  }

  /** How many sysimage plans are kept, each once however many JuliaPods use it. */
  synchronized int sysimagePlans() {
    return shared.size();
  }

  /**
   * The project text a plan was made from, without holding a second copy of it (the JuliaPod
   * informer holds the text already): lengths and a 64-bit hash of each file, and the labels.
   */
  private record Fingerprint(
      String projectLabel, String manifestLabel, long project, long manifest) {
    static Fingerprint of(ProjectFiles files) {
      return new Fingerprint(
          files.projectLabel(),
          files.manifestLabel(),
          hash(files.projectToml()),
          hash(files.manifestToml()));
    }

    /**
     * FNV-1a over the chars, and the length: a changed file passes for the old one only on a 64-bit
     * collision.
     */
    private static long hash(String text) {
      if (text == null) {
        return 0;
      }
      long h = 0xcbf29ce484222325L;
      for (int i = 0; i < text.length(); i++) {
        h = (h ^ text.charAt(i)) * 0x100000001b3L;
      }
      return h * 31 + text.length();
    }
  }

  synchronized int size() {
    return byUid.size();
  }

  private static long length(String text) {
    return text == null ? 0 : text.length();
  }
}
