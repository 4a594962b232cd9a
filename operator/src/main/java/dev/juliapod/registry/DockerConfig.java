package dev.juliapod.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a `.dockerconfigjson` (the `auths` map), matched to a registry host the way
 * Docker does: a key may be a bare host or a URL (`https://index.docker.io/v1/`), only its host
 * counts, and Docker Hub answers to all of its names.
 */
public final class DockerConfig {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerConfig() {}

  /**
   * @throws IllegalArgumentException when the file is not a docker config with readable
   *     credentials; the message names no secret value
   */
  public static Optional<Credentials> forHost(byte[] dockerConfigJson, String host) {
    JsonNode auths;
    try {
      auths = JSON.readTree(dockerConfigJson).path("auths");
    } catch (IOException e) {
      throw new IllegalArgumentException("is not JSON");
    }
    String wanted = normalize(host);
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (normalize(hostOf(entry.getKey())).equals(wanted)) {
        return Optional.of(credentials(entry.getKey(), entry.getValue()));
      }
    }
    return Optional.empty();
  }

  private static Credentials credentials(String key, JsonNode entry) {
    if (entry.hasNonNull("auth")) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(entry.get("auth").asText()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("has an auth for " + key + " that is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("has an auth for " + key + " without user:password");
      }
      return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
    if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
      return new Credentials(entry.get("username").asText(), entry.get("password").asText());
    }
    throw new IllegalArgumentException("has no auth or username/password for " + key);
  }

  private static String hostOf(String key) {
    if (key.contains("://")) {
      String authority = URI.create(key).getRawAuthority();
      return authority == null ? key : authority;
    }
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }

  private static String normalize(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return ImageName.isDockerHub(lower) ? ImageName.DOCKER_HUB : lower;
  }
}
