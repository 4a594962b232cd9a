package dev.juliapod.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.juliapod.api.JuliaPod;
import dev.juliapod.api.JuliaRegistry;
import dev.juliapod.api.JuliaSysimage;
import dev.juliapod.build.ContextArchive;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A JuliaPod with private registries and a credentials Secret: the Secret is checked before
 * anything mounts it, and its values appear in nothing the operator writes (SECURITY.md).
 */
@EnableKubernetesMockClient(crud = true)
class PrivatePackagesTest extends OperatorTestBase {
  private static final String TOKEN = "ghp-s3cr3t-token-0123456789";
  private static final String KEY = "PRIVATE-KEY-s3cr3t-body-9876543210";

  private JuliaPod acme() throws Exception {
    JuliaPod pod = hello("acme");
    pod.getSpec().julia.registries =
        List.of(new JuliaRegistry("git@github.com:acme/AcmeRegistry.git", "AcmeRegistry"));
    pod.getSpec().julia.credentialsSecret = "julia-credentials";
    return pod;
  }

  private void secret(Map<String, String> values) {
    secret(values, true);
  }

  private void secret(Map<String, String> values, boolean labelled) {
    secretNamed("julia-credentials", values, labelled);
  }

  private void awaitMessage(String... parts) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaPod pod = get("acme");
              assertThat(pod.getStatus()).isNotNull();
              assertThat(pod.getStatus().message).contains(parts);
            });
  }

  @Test
  void aMissingOrUnusableSecretStallsNamingItAndHealsOnceFixed() throws Exception {
    client.resource(acme()).create();
    client.resource(hello("plain")).create();

    awaitMessage("spec.julia.credentialsSecret julia-credentials", "no such Secret");
    JuliaPod stalled = get("acme");
    assertThat(stalled.getStatus().phase).isEqualTo("Failed");
    Condition condition =
        stalled.getStatus().conditions.stream()
            .filter(c -> "Stalled".equals(c.getType()))
            .findFirst()
            .orElseThrow();
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getReason()).isEqualTo(CredentialsSecret.REASON);
    awaitPhase("plain", "Ready"); // the operator goes on serving the others
    assertThat(client.pods().inNamespace(ns).withName("acme-repl").get())
        .as("nothing mounts a Secret that is not there")
        .isNull();

    // Found again without an edit of the JuliaPod (the recheck is 2 s in these tests).
    secret(Map.of(".git-credentials", "https://x:" + TOKEN + "@github.com\n"), false);
    awaitMessage("is not labelled juliapod.dev/credentials=true", "kubectl label secret");
    secret(Map.of("token", TOKEN));
    awaitMessage("has none of the keys", "(it has token)");
    secret(Map.of("ssh-privatekey", KEY));
    awaitMessage("has ssh-privatekey but no known_hosts");
    secret(Map.of("ssh-privatekey", KEY, "known_hosts", "github.com ssh-ed25519 AAAA"));
    awaitPhase("acme", "Ready");
  }

  @Test
  void theSecretsValuesAppearInNothingTheOperatorWrites() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      secret(Map.of("token", TOKEN));
      client.resource(acme()).create();
      awaitMessage("has none of the keys"); // a message about the Secret names keys only
      secret(Map.of(".git-credentials", "https://x:" + TOKEN + "@github.com\n"));
      awaitPhase("acme", "Ready");

      List<String> written = new ArrayList<>();
      for (Class<? extends HasMetadata> kind :
          List.of(
              JuliaPod.class,
              JuliaSysimage.class,
              io.fabric8.kubernetes.api.model.Pod.class,
              io.fabric8.kubernetes.api.model.batch.v1.Job.class,
              io.fabric8.kubernetes.api.model.Event.class,
              ConfigMap.class)) {
        client.resources(kind).inNamespace(ns).list().getItems().stream()
            .map(YAML::asYaml)
            .forEach(written::add);
      }
      for (ConfigMap map : client.configMaps().inNamespace(ns).list().getItems()) {
        if (map.getBinaryData() != null && map.getBinaryData().containsKey(ContextArchive.KEY)) {
          byte[] archive = Base64.getDecoder().decode(map.getBinaryData().get(ContextArchive.KEY));
          try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(archive))) {
            written.add(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
          }
        }
      }
      logs.list.forEach(e -> written.add(e.getFormattedMessage()));
      assertThat(written).as("objects, events, the build context and log lines").isNotEmpty();
      assertThat(written).noneMatch(text -> text.contains(TOKEN));
      assertThat(written)
          .as("the Secret is named where it is mounted")
          .anyMatch(text -> text.contains("secretName: \"julia-credentials\""));
    } finally {
      root.detachAppender(logs);
    }
  }

  @Test
  void aBuildWhoseSecretIsGoneSaysSoInsteadOfWaitingToMountIt() throws Exception {
    secret(Map.of(".git-credentials", "https://x:" + TOKEN + "@github.com\n"));
    cluster.holdBuilds = true;
    client.resource(acme()).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> jobs().size() == 1);
    // The Secret goes while the build runs; the build fails and is tried again only once the
    // Secret is back, without an edit.
    client.secrets().inNamespace(ns).withName("julia-credentials").delete();
    client.resource(jobs().get(0)).delete();
    String sysimage = sysimageName(acme());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JuliaSysimage built =
                  client.resources(JuliaSysimage.class).inNamespace(ns).withName(sysimage).get();
              assertThat(built.getStatus().message).contains("no such Secret");
              assertThat(built.getStatus().conditions)
                  .anyMatch(
                      c ->
                          "Stalled".equals(c.getType())
                              && CredentialsSecret.REASON.equals(c.getReason()));
              assertThat(get("acme").getStatus().message).contains("no such Secret");
            });
    secret(Map.of(".git-credentials", "https://x:" + TOKEN + "@github.com\n"));
    cluster.holdBuilds = false;
    awaitPhase("acme", "Ready");
  }

  @Test
  void aSharedBuildBorrowsAGoodSecretWhenItsOwnIsGone() throws Exception {
    secretNamed("team-a", Map.of(".git-credentials", "https://a:" + TOKEN + "@github.com\n"));
    secretNamed("team-b", Map.of(".git-credentials", "https://b:" + TOKEN + "@github.com\n"));
    cluster.holdBuilds = true;
    JuliaPod a = acme();
    a.getSpec().julia.credentialsSecret = "team-a";
    client.resource(a).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> jobs().size() == 1);
    JuliaPod b = acme();
    b.getMetadata().setName("acme-b");
    b.getSpec().julia.credentialsSecret = "team-b";
    client.resource(b).create();
    String sysimage = sysimageName(a);
    assertThat(sysimageName(b)).as("the Secret is not in the name").isEqualTo(sysimage);

    // Team a's Secret goes before the build is done, and the build with it.
    client.secrets().inNamespace(ns).withName("team-a").delete();
    client.resource(jobs().get(0)).delete();
    cluster.holdBuilds = false;
    awaitPhase("acme-b", "Ready");
    assertThat(
            client
                .resources(JuliaSysimage.class)
                .inNamespace(ns)
                .withName(sysimage)
                .get()
                .getSpec()
                .credentialsSecret)
        .isEqualTo("team-b");
    assertThat(get("acme").getStatus().message).contains("team-a", "no such Secret");
  }

  private void secretNamed(String name, Map<String, String> values) {
    secretNamed(name, values, true);
  }

  /** Created or replaced, as kubectl apply would. */
  private void secretNamed(String name, Map<String, String> values, boolean labelled) {
    Map<String, String> data = new java.util.TreeMap<>();
    values.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(labelled ? Map.of("juliapod.dev/credentials", "true") : Map.of())
                .endMetadata()
                .withData(data)
                .build())
        .createOr(r -> r.update());
  }
}
