package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;

/** {@link SimulatedCluster} for tests in other packages. */
public final class SimulatedClusterAccess implements AutoCloseable {
  private final SimulatedCluster cluster;

  public SimulatedClusterAccess(KubernetesClient client) {
    cluster = new SimulatedCluster(client);
  }

  /** Builds whose Kaniko memory limit is {@code limit} end OOMKilled; others push. */
  public void failWhenMemoryLimitIs(String limit) {
    cluster.builds = job -> new Quantity(limit).equals(job.getSpec().getTemplate().getSpec()
        .getContainers().get(0).getResources().getLimits().get("memory"))
        ? SimulatedCluster.Outcome.failed("OOMKilled", 137)
        : SimulatedCluster.Outcome.pushed(SimulatedCluster.digestOf(job));
  }

  @Override
  public void close() {
    cluster.close();
  }
}
