package dev.juliapod.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Base64;

/**
 * A sysimage's push Secret, read when a build is about to start or a registry is asked: Kaniko
 * pushes with it, and the registry lookup authenticates with it. Its contents stay in memory for
 * that one call; messages name the Secret, never what it holds.
 *
 * @param problem what is wrong with it, for the status; null when it is usable or not named
 * @param dockerConfig the `.dockerconfigjson` bytes, or null when no Secret is named
 */
record PushSecret(String problem, byte[] dockerConfig) {
  static final PushSecret NONE = new PushSecret(null, null);

  static PushSecret read(KubernetesClient client, String namespace, String name, Duration recheck) {
    if (name == null) {
      return NONE;
    }
    try {
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      if (secret == null) {
        return problem(
            "push Secret "
                + name
                + " not found in namespace "
                + namespace
                + ": create it (kubectl create secret docker-registry "
                + name
                + " ...) or fix"
                + " spec.build.pushSecret; checked again every "
                + (recheck.toSeconds() % 60 == 0
                    ? recheck.toMinutes() + " minutes"
                    : recheck.toSeconds() + " seconds"));
      }
      if (secret.getData() == null || !secret.getData().containsKey(".dockerconfigjson")) {
        return problem(
            "push Secret "
                + name
                + " has no .dockerconfigjson key: it must be of"
                + " type kubernetes.io/dockerconfigjson");
      }
      return new PushSecret(
          null, Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")));
    } catch (IllegalArgumentException e) {
      return problem("push Secret " + name + ": .dockerconfigjson is not base64 data");
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return problem(
            "the operator may not read Secret "
                + name
                + " in "
                + namespace
                + ": grant it get on secrets there");
      }
      throw e; // transient: java-operator-sdk retries with backoff
    }
  }

  private static PushSecret problem(String message) {
    return new PushSecret(message, null);
  }

  @Override
  public String toString() {
    return "PushSecret[problem=" + problem + "]";
  }
}
