package dev.juliapod.registry;

import java.util.Locale;

/**
 * Where a repository lives and its name in the distribution API, the way Docker reads an image
 * reference: a first path component with a dot or a colon (or `localhost`) is a registry host;
 * anything else is on Docker Hub, where one-component names are under `library/`.
 *
 * @param host the registry host (and port) requests go to
 * @param name the repository's name in `/v2/<name>/...`
 */
public record ImageName(String host, String name) {
  public static final String DOCKER_HUB = "registry-1.docker.io";

  public static ImageName parse(String repository) {
    int slash = repository.indexOf('/');
    String first = slash < 0 ? "" : repository.substring(0, slash);
    boolean hasHost =
        slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    if (!hasHost) {
      return new ImageName(DOCKER_HUB, slash < 0 ? "library/" + repository : repository);
    }
    String host = first.toLowerCase(Locale.ROOT);
    String name = repository.substring(slash + 1);
    if (isDockerHub(host)) {
      return new ImageName(DOCKER_HUB, name.contains("/") ? name : "library/" + name);
    }
    return new ImageName(host, name);
  }

  /** The names Docker Hub goes by, in references and in docker config files. */
  public static boolean isDockerHub(String host) {
    return switch (host) {
      case "docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" ->
          true;
      default -> false;
    };
  }
}
