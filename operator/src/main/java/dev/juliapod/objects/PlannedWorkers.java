package dev.juliapod.objects;

import dev.juliapod.api.WorkersSpec;
import dev.juliapod.plan.Plan;
import dev.juliapod.session.SessionWorkers;
import dev.juliapod.session.WorkerObjects;
import dev.juliapod.session.WorkerPod;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;

/**
 * What a JuliaPod has for Distributed.jl workers, as `juliapod plan` shows it: the cluster cookie's
 * Secret, which every JuliaPod gets (without its value, which only the operator makes), and with
 * workers asked for their Service, NetworkPolicy and pods.
 */
public final class PlannedWorkers {
  private PlannedWorkers() {}

  /** The cookie's Secret, made before the session's objects; without the value. */
  public static Secret cookie(Plan plan) {
    Secret cookie = WorkerObjects.cookieSecret(plan, "");
    cookie.setData(null);
    return cookie;
  }

  /** The workers' Service, NetworkPolicy and pods, made after the session's. */
  public static List<HasMetadata> of(Plan plan, WorkersSpec workers, String image) {
    List<HasMetadata> objects = new ArrayList<>();
    int replicas = SessionWorkers.replicas(workers);
    if (replicas > 0 && SessionWorkers.nameProblem(plan) == null) {
      objects.add(WorkerObjects.service(plan));
      objects.add(WorkerObjects.networkPolicy(plan));
      for (int i = 0; i < replicas; i++) {
        objects.add(WorkerPod.of(plan, image, workers, i));
      }
    }
    return objects;
  }

  /** The plan header's line about workers, or null when none are asked for. */
  public static String summary(Plan plan, WorkersSpec workers) {
    int replicas = SessionWorkers.replicas(workers);
    if (replicas == 0) {
      return null;
    }
    String problem = SessionWorkers.nameProblem(plan);
    return problem != null
        ? "workers: none can run: " + problem
        : "workers: "
            + replicas
            + " Distributed.jl worker pod"
            + (replicas == 1 ? "" : "s")
            + " ("
            + WorkerPod.name(plan, 0)
            + (replicas == 1 ? "" : " to " + WorkerPod.name(plan, replicas - 1))
            + ") on the session's image; in the REPL: using JuliaPodWorkers; addworkers()";
  }
}
