package dev.juliapod.session;

import dev.juliapod.api.Labels;
import dev.juliapod.plan.Plan;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a JuliaPod with workers has besides the pods (docs/design.md, "Distributed workers"): the
 * cluster cookie's Secret, the headless Service whose DNS lists the ready workers, and the
 * NetworkPolicy that lets only the session and the other workers reach them.
 */
public final class WorkerObjects {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WorkerObjects() {}

  /**
   * 16 characters of 62, about 95 bits: Distributed takes at most 16 ASCII characters (cluster.jl,
   * cluster_cookie; HDR_COOKIE_LEN) and sends them first on every connection.
   */
  public static String newCookie() {
    StringBuilder cookie = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      cookie.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return cookie.toString();
  }

  /** Labelled as a session object: the session pod mounts it whether or not workers run. */
  public static Secret cookieSecret(Plan plan, String cookie) {
    Secret secret = new Secret();
    secret.setMetadata(
        meta(SessionWorkers.cookieSecretName(plan), plan, Labels.session(plan.name())));
    secret.setType("Opaque");
    // data, not stringData: what the API server stores and returns either way.
    secret.setData(
        new TreeMap<>(
            Map.of(
                SessionWorkers.COOKIE_KEY,
                java.util.Base64.getEncoder()
                    .encodeToString(cookie.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))));
    return secret;
  }

  /**
   * Headless, and only ready pods get an A record (kubernetes/dns docs/specification.md, 2.4.1;
   * publishNotReadyAddresses unset), so addworkers() sees the workers that listen. Dual-stack where
   * the cluster is, so an IPv6-first cluster still gives the IPv4 records workers need.
   */
  public static Service service(Plan plan) {
    ServiceSpec spec = new ServiceSpec();
    spec.setClusterIP("None");
    spec.setIpFamilyPolicy("PreferDualStack");
    spec.setSelector(WorkerPod.labels(plan));
    // publishNotReadyAddresses left out: false is the default, and the API server, which
    // drops false, would make every comparison differ.
    ServicePort port = new ServicePort();
    port.setName(SessionWorkers.PORT_NAME);
    port.setPort(SessionWorkers.PORT);
    port.setTargetPort(new IntOrString(SessionWorkers.PORT));
    port.setProtocol("TCP");
    spec.setPorts(new ArrayList<>(List.of(port)));
    Service service = new Service();
    service.setMetadata(meta(SessionWorkers.serviceName(plan), plan, WorkerPod.labels(plan)));
    service.setSpec(spec);
    return service;
  }

  /**
   * Ingress to the workers' port from this JuliaPod's session and its other workers (the higher pid
   * dials the lower; Distributed cluster.jl, connect_to_peer), nothing else. Ingress only: an
   * Egress type would cut the workers' DNS and package server.
   */
  public static NetworkPolicy networkPolicy(Plan plan) {
    NetworkPolicyPort port = new NetworkPolicyPort();
    port.setProtocol("TCP");
    port.setPort(new IntOrString(SessionWorkers.PORT));
    NetworkPolicyIngressRule rule = new NetworkPolicyIngressRule();
    rule.setFrom(
        new ArrayList<>(List.of(peer(SessionObjects.labels(plan)), peer(WorkerPod.labels(plan)))));
    rule.setPorts(new ArrayList<>(List.of(port)));
    NetworkPolicySpec spec = new NetworkPolicySpec();
    spec.setPodSelector(selector(WorkerPod.labels(plan)));
    spec.setPolicyTypes(new ArrayList<>(List.of("Ingress")));
    spec.setIngress(new ArrayList<>(List.of(rule)));
    NetworkPolicy policy = new NetworkPolicy();
    policy.setMetadata(meta(SessionWorkers.serviceName(plan), plan, WorkerPod.labels(plan)));
    policy.setSpec(spec);
    return policy;
  }

  private static NetworkPolicyPeer peer(Map<String, String> labels) {
    NetworkPolicyPeer peer = new NetworkPolicyPeer();
    peer.setPodSelector(selector(labels));
    return peer;
  }

  private static LabelSelector selector(Map<String, String> labels) {
    LabelSelector selector = new LabelSelector();
    selector.setMatchLabels(new TreeMap<>(labels));
    return selector;
  }

  private static ObjectMeta meta(String name, Plan plan, Map<String, String> labels) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(plan.namespace());
    meta.setLabels(labels);
    return meta;
  }
}
