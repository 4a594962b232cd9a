package dev.juliapod.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Asks a registry whether a manifest exists, with the OCI distribution API (`HEAD
 * /v2/<name>/manifests/<reference>`), authenticating the way registries expect: anonymously first,
 * then with a bearer token from the realm a 401 names (Docker Hub, GHCR, Harbor, ...) or with basic
 * credentials. Messages name hosts and status codes, never credentials or tokens.
 */
public final class RegistryClient {
  static final String ACCEPT =
      String.join(
          ", ",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final Duration timeout;
  private final Set<String> plainHttp;

  /**
   * @param timeout for each request, connecting included
   * @param plainHttp registry hosts reached over http (a kind cluster's local registry)
   */
  public RegistryClient(Duration timeout, List<String> plainHttp) {
    this.timeout = timeout;
    this.plainHttp = Set.copyOf(plainHttp);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * @param credentials for the registry host, or null for anonymous access
   */
  public Lookup manifest(ImageName image, String reference, Credentials credentials) {
    URI url =
        URI.create(
            (plainHttp.contains(image.host()) ? "http" : "https")
                + "://"
                + image.host()
                + "/v2/"
                + image.name()
                + "/manifests/"
                + reference);
    try {
      HttpResponse<byte[]> response = send(url, "HEAD", null);
      if (response.statusCode() == 401) {
        var challenge =
            Challenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
        String authorization;
        if (challenge.isPresent() && challenge.get().isBearer()) {
          authorization = token(challenge.get(), image, credentials);
        } else if (credentials != null) {
          authorization = credentials.basicHeader();
        } else {
          return new Lookup.Unknown(
              image.host()
                  + " asks for credentials and none are"
                  + " configured for it (the push Secret's .dockerconfigjson has no entry)");
        }
        response = send(url, "HEAD", authorization);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
          return new Lookup.Unknown(
              image.host() + " refused the credentials (" + response.statusCode() + ")");
        }
        return answer(url, response, authorization);
      }
      return answer(url, response, null);
    } catch (TokenException e) {
      return new Lookup.Unknown(e.getMessage());
    } catch (HttpTimeoutException e) {
      return new Lookup.Unknown(
          "no answer from " + image.host() + " within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      return new Lookup.Unknown(
          "cannot reach "
              + image.host()
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Lookup.Unknown("interrupted while asking " + image.host());
    }
  }

  private Lookup answer(URI url, HttpResponse<byte[]> response, String authorization)
      throws IOException, InterruptedException {
    int code = response.statusCode();
    if (code == 404) {
      return new Lookup.Missing();
    }
    if (code != 200) {
      return new Lookup.Unknown(url.getHost() + " answered " + code + " to HEAD " + url.getPath());
    }
    String digest = response.headers().firstValue("Docker-Content-Digest").orElse(null);
    if (digest == null) {
      // The header is a SHOULD in the OCI spec; the digest of the manifest's bytes is the same.
      HttpResponse<byte[]> full = send(url, "GET", authorization);
      if (full.statusCode() != 200) {
        return new Lookup.Unknown(
            url.getHost() + " answered " + full.statusCode() + " to GET " + url.getPath());
      }
      digest = "sha256:" + sha256(full.body());
    }
    return DIGEST.matcher(digest).matches()
        ? new Lookup.Found(digest)
        : new Lookup.Unknown(url.getHost() + " gave a digest that is not sha256: " + digest);
  }

  private String token(Challenge challenge, ImageName image, Credentials credentials)
      throws IOException, InterruptedException, TokenException {
    String realm = challenge.params().get("realm");
    if (realm == null) {
      throw new TokenException(image.host() + " asks for a bearer token without a realm");
    }
    String scope = challenge.params().getOrDefault("scope", "repository:" + image.name() + ":pull");
    StringBuilder query = new StringBuilder("scope=").append(encode(scope));
    if (challenge.params().containsKey("service")) {
      query.append("&service=").append(encode(challenge.params().get("service")));
    }
    URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpResponse<byte[]> response =
        send(uri, "GET", credentials == null ? null : credentials.basicHeader());
    if (response.statusCode() != 200) {
      throw new TokenException(
          "the token service "
              + uri.getHost()
              + " answered "
              + response.statusCode()
              + (credentials == null ? " to an anonymous request" : ""));
    }
    JsonNode body = JSON.readTree(response.body());
    String token =
        body.hasNonNull("token")
            ? body.get("token").asText()
            : body.path("access_token").asText(null);
    if (token == null || token.isEmpty()) {
      throw new TokenException("the token service " + uri.getHost() + " sent no token");
    }
    return "Bearer " + token;
  }

  private HttpResponse<byte[]> send(URI uri, String method, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", ACCEPT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A bearer token could not be had; the message is safe to show. */
  private static final class TokenException extends Exception {
    TokenException(String message) {
      super(message);
    }
  }
}
