package dev.juliapod.operator;

import dev.juliapod.api.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a JuliaPod's credentials Secret before anything mounts it: a pod that mounts a missing
 * Secret waits in ContainerCreating without a word in its status. Only the key names are read into
 * a message, never what they hold (docs/design.md, "Private packages").
 */
final class CredentialsSecret {
  static final String REASON = "CredentialsSecretInvalid";
  static final List<String> KEYS = List.of(".git-credentials", "ssh-privatekey", "auth.toml");

  private CredentialsSecret() {}

  /** What is wrong with a JuliaPod's Secret, or null when it is usable. */
  static String problem(KubernetesClient client, String namespace, String name) {
    return problem(client, namespace, name, "spec.julia.credentialsSecret " + name);
  }

  /**
   * @param field how messages name the Secret: a build's may be the operator's, not the JuliaPod's
   *     spec.julia.credentialsSecret (central builds)
   */
  static String problem(KubernetesClient client, String namespace, String name, String field) {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return "the operator may not read Secret "
            + name
            + " in "
            + namespace
            + " ("
            + field
            + "): grant it get on secrets there";
      }
      throw e; // transient: java-operator-sdk retries with backoff
    }
    if (secret == null) {
      return field
          + ": no such Secret in namespace "
          + namespace
          + "; create it with one or more of the keys "
          + String.join(", ", KEYS)
          + " (README, \"Private packages\")";
    }
    Map<String, String> labels =
        Objects.requireNonNullElse(secret.getMetadata().getLabels(), Map.of());
    if (!"true".equals(labels.get(Labels.CREDENTIALS))) {
      // A session mounts it, and the REPL reads what it mounts: without the Secret owner's
      // consent, whoever may create a JuliaPod could read every Secret of the namespace.
      return field
          + " is not labelled "
          + Labels.CREDENTIALS
          + "=true: whoever may create JuliaPods in "
          + namespace
          + " can read a Secret their sessions mount, so the operator mounts only Secrets"
          + " labelled for it (kubectl label secret "
          + name
          + " "
          + Labels.CREDENTIALS
          + "=true)";
    }
    Map<String, String> data = new java.util.HashMap<>();
    data.putAll(Objects.requireNonNullElse(secret.getData(), Map.of()));
    data.putAll(Objects.requireNonNullElse(secret.getStringData(), Map.of()));
    if (KEYS.stream().noneMatch(data::containsKey)) {
      return field
          + " has none of the keys "
          + String.join(", ", KEYS)
          + " (it has "
          + (data.isEmpty() ? "no keys" : String.join(", ", new java.util.TreeSet<>(data.keySet())))
          + ")";
    }
    if (data.containsKey("ssh-privatekey") && !data.containsKey("known_hosts")) {
      return field
          + " has ssh-privatekey but no known_hosts: git checks the server's host key and"
          + " asks no one; add the hosts' keys (ssh-keyscan github.com > known_hosts, then"
          + " compare the fingerprints with the ones the host publishes)";
    }
    return null;
  }
}
