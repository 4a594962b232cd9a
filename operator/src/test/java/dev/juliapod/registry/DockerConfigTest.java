package dev.juliapod.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerConfigTest {
  static byte[] config(String auths) {
    return ("{\"auths\":{" + auths + "}}").getBytes(StandardCharsets.UTF_8);
  }

  static String auth(String user, String password) {
    return Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
  }

  @Test
  void matchesTheHostWhateverFormTheKeyTakes() {
    byte[] json =
        config(
            "\"https://ghcr.io/v2/\":{\"auth\":\""
                + auth("gh", "p1")
                + "\"},"
                + "\"kind-registry:5000\":{\"username\":\"kind\",\"password\":\"p2\"}");

    assertThat(DockerConfig.forHost(json, "ghcr.io")).contains(new Credentials("gh", "p1"));
    assertThat(DockerConfig.forHost(json, "kind-registry:5000"))
        .contains(new Credentials("kind", "p2"));
    assertThat(DockerConfig.forHost(json, "quay.io")).isEmpty();
  }

  @Test
  void dockerHubAnswersToAllItsNames() {
    byte[] json =
        config(
            "\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("me", "pw:with:colons") + "\"}");

    Optional<Credentials> found = DockerConfig.forHost(json, ImageName.parse("me/juliapod").host());
    assertThat(found).contains(new Credentials("me", "pw:with:colons"));
    assertThat(DockerConfig.forHost(json, "docker.io")).isEqualTo(found);
    assertThat(
            DockerConfig.forHost(
                config("\"docker.io\":{\"auth\":\"" + auth("a", "b") + "\"}"),
                ImageName.DOCKER_HUB))
        .contains(new Credentials("a", "b"));
  }

  @Test
  void unreadableFilesSayWhyWithoutTheSecret() {
    assertThatThrownBy(() -> DockerConfig.forHost("not json".getBytes(), "ghcr.io"))
        .hasMessage("is not JSON");
    assertThatThrownBy(
            () -> DockerConfig.forHost(config("\"ghcr.io\":{\"auth\":\"%%%\"}"), "ghcr.io"))
        .hasMessage("has an auth for ghcr.io that is not base64");
    assertThatThrownBy(
            () ->
                DockerConfig.forHost(
                    config(
                        "\"ghcr.io\":{\"auth\":\""
                            + Base64.getEncoder().encodeToString("tokenonly".getBytes())
                            + "\"}"),
                    "ghcr.io"))
        .hasMessage("has an auth for ghcr.io without user:password")
        .message()
        .doesNotContain("tokenonly");
    assertThat(new Credentials("u", "p").toString()).doesNotContain("p").contains("redacted");
  }

  @Test
  void imageNamesFollowDockersRules() {
    assertThat(ImageName.parse("kind-registry:5000/juliapod"))
        .isEqualTo(new ImageName("kind-registry:5000", "juliapod"));
    assertThat(ImageName.parse("ghcr.io/team/julia/sysimages"))
        .isEqualTo(new ImageName("ghcr.io", "team/julia/sysimages"));
    assertThat(ImageName.parse("julia"))
        .isEqualTo(new ImageName(ImageName.DOCKER_HUB, "library/julia"));
    assertThat(ImageName.parse("team/juliapod"))
        .isEqualTo(new ImageName(ImageName.DOCKER_HUB, "team/juliapod"));
    assertThat(ImageName.parse("docker.io/julia"))
        .isEqualTo(new ImageName(ImageName.DOCKER_HUB, "library/julia"));
    assertThat(ImageName.parse("localhost/x")).isEqualTo(new ImageName("localhost", "x"));
  }
}
