package dev.juliapod.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The distribution API conversation, against mockwebserver3 playing the registry. */
class RegistryClientTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);
  static final Credentials ROBOT = new Credentials("robot", "s3cr3t-pass");
  MockWebServer registry;
  ImageName image;
  RegistryClient client;

  @BeforeEach
  void start() throws Exception {
    registry = new MockWebServer();
    registry.start();
    String host = registry.getHostName() + ":" + registry.getPort();
    image = ImageName.parse(host + "/team/juliapod");
    client = new RegistryClient(Duration.ofSeconds(2), List.of(host));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  static MockResponse.Builder code(int code) {
    return new MockResponse.Builder().code(code);
  }

  List<RecordedRequest> requests() throws Exception {
    List<RecordedRequest> all = new ArrayList<>();
    RecordedRequest request;
    while ((request = registry.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      all.add(request);
    }
    return all;
  }

  @Test
  void anExistingTagGivesItsDigestFromOneAnonymousHead() throws Exception {
    registry.enqueue(
        code(200)
            .addHeader("Docker-Content-Digest", DIGEST)
            .addHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
            .build());

    assertThat(client.manifest(image, "abc123", null)).isEqualTo(new Lookup.Found(DIGEST));

    RecordedRequest head = requests().get(0);
    assertThat(head.getMethod()).isEqualTo("HEAD");
    assertThat(head.getUrl().encodedPath()).isEqualTo("/v2/team/juliapod/manifests/abc123");
    assertThat(head.getHeaders().get("Accept"))
        .contains(
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");
    assertThat(head.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void aMultiArchIndexCountsAndWithoutTheHeaderItsBytesAreHashed() throws Exception {
    String index =
        "{\"schemaVersion\":2,\"mediaType\":"
            + "\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}";
    registry.enqueue(
        code(200).addHeader("Content-Type", "application/vnd.oci.image.index.v1+json").build());
    registry.enqueue(
        code(200)
            .addHeader("Content-Type", "application/vnd.oci.image.index.v1+json")
            .body(index)
            .build());

    Lookup answer = client.manifest(image, "abc123", null);

    String expected =
        "sha256:"
            + java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(index.getBytes()));
    assertThat(answer).isEqualTo(new Lookup.Found(expected));
    assertThat(requests()).extracting(RecordedRequest::getMethod).containsExactly("HEAD", "GET");
  }

  @Test
  void notFoundIsMissing() throws Exception {
    registry.enqueue(code(404).body("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}").build());

    assertThat(client.manifest(image, "abc123", null)).isEqualTo(new Lookup.Missing());
  }

  @Test
  void theBearerChallengeIsAnsweredWithATokenForTheScopeItNames() throws Exception {
    String realm = registry.url("/token").toString();
    registry.enqueue(
        code(401)
            .addHeader(
                "WWW-Authenticate",
                "Bearer realm=\""
                    + realm
                    + "\",service=\"registry.test\",scope=\"repository:team/juliapod:pull\"")
            .build());
    registry.enqueue(code(200).body("{\"token\":\"tok-123\",\"expires_in\":300}").build());
    registry.enqueue(code(200).addHeader("Docker-Content-Digest", DIGEST).build());

    assertThat(client.manifest(image, "abc123", ROBOT)).isEqualTo(new Lookup.Found(DIGEST));

    List<RecordedRequest> requests = requests();
    RecordedRequest token = requests.get(1);
    assertThat(token.getUrl().encodedPath()).isEqualTo("/token");
    assertThat(token.getUrl().queryParameter("scope")).isEqualTo("repository:team/juliapod:pull");
    assertThat(token.getUrl().queryParameter("service")).isEqualTo("registry.test");
    assertThat(token.getHeaders().get("Authorization")).isEqualTo(ROBOT.basicHeader());
    assertThat(requests.get(2).getHeaders().get("Authorization")).isEqualTo("Bearer tok-123");
  }

  @Test
  void anAnonymousTokenServesPublicImagesAndAMissingScopeIsAskedForPull() throws Exception {
    registry.enqueue(
        code(401)
            .addHeader(
                "WWW-Authenticate",
                "Bearer realm=\"" + registry.url("/token") + "\",service=\"registry.test\"")
            .build());
    registry.enqueue(code(200).body("{\"access_token\":\"anon\"}").build());
    registry.enqueue(code(404).build());

    assertThat(client.manifest(image, "abc123", null)).isEqualTo(new Lookup.Missing());

    RecordedRequest token = requests().get(1);
    assertThat(token.getUrl().queryParameter("scope")).isEqualTo("repository:team/juliapod:pull");
    assertThat(token.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void basicChallengeUsesTheCredentialsAndARefusalIsReportedWithoutThem() throws Exception {
    registry.enqueue(code(401).addHeader("WWW-Authenticate", "Basic realm=\"registry\"").build());
    registry.enqueue(code(200).addHeader("Docker-Content-Digest", DIGEST).build());
    assertThat(client.manifest(image, "abc123", ROBOT)).isEqualTo(new Lookup.Found(DIGEST));
    assertThat(requests().get(1).getHeaders().get("Authorization")).isEqualTo(ROBOT.basicHeader());

    registry.enqueue(code(401).addHeader("WWW-Authenticate", "Basic realm=\"registry\"").build());
    registry.enqueue(code(401).build());
    Lookup refused = client.manifest(image, "abc123", ROBOT);
    assertThat(refused).isInstanceOf(Lookup.Unknown.class);
    assertThat(((Lookup.Unknown) refused).reason())
        .contains("refused the credentials (401)")
        .doesNotContain("robot")
        .doesNotContain("s3cr3t")
        .doesNotContain(ROBOT.basicHeader());

    registry.enqueue(code(401).addHeader("WWW-Authenticate", "Basic realm=\"registry\"").build());
    assertThat(((Lookup.Unknown) client.manifest(image, "abc123", null)).reason())
        .contains("asks for credentials and none are configured");
  }

  @Test
  void serverErrorsAndSilenceAreUnknownNeverMissing() throws Exception {
    registry.enqueue(code(500).body("boom").build());
    Lookup error = client.manifest(image, "abc123", null);
    assertThat(error)
        .isEqualTo(
            new Lookup.Unknown(
                registry.getHostName()
                    + " answered 500 to HEAD /v2/team/juliapod/manifests/abc123"));

    registry.enqueue(
        code(200)
            .addHeader("Docker-Content-Digest", DIGEST)
            .headersDelay(10, TimeUnit.SECONDS)
            .build());
    long start = System.nanoTime();
    Lookup hung = client.manifest(image, "abc123", null);
    assertThat(hung).isInstanceOf(Lookup.Unknown.class);
    assertThat(((Lookup.Unknown) hung).reason())
        .startsWith("no answer from ")
        .endsWith("within 2 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
  }
}
