package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.juliapod.api.JuliaPod;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.MDCUtils;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** What `juliapod operator --log-format` writes: lines a log pipeline can index. */
class LoggingTest {
  private final PrintStream stdout = System.out;

  @AfterEach
  void restore() throws Exception {
    MDC.clear();
    System.setOut(stdout);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void jsonIsOneObjectPerLineWithLevelLoggerAndMessage() throws Exception {
    String out =
        capture(
            Logging.Format.JSON,
            () -> {
              LoggerFactory.getLogger("dev.juliapod.operator.Test").info("built {}", "jsi-1");
              LoggerFactory.getLogger("dev.juliapod.operator.Test").debug("not at info");
            });
    String[] lines = out.strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines[0]);
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("loggerName").asText()).isEqualTo("dev.juliapod.operator.Test");
    assertThat(line.get("formattedMessage").asText()).isEqualTo("built jsi-1");
    assertThat(line.get("timestamp").asLong()).isPositive();
  }

  @Test
  void textIsOneReadableLine() throws Exception {
    String out =
        capture(
            Logging.Format.TEXT,
            () -> LoggerFactory.getLogger("dev.juliapod.operator.Test").warn("build failed"));
    assertThat(out).matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\S+Z WARN .*Test: build failed\\n");
  }

  @Test
  void textNamesTheReconciledResourceAndNothingOutsideAReconcile() throws Exception {
    String out =
        capture(
            Logging.Format.TEXT,
            () -> {
              // What java-operator-sdk puts in the MDC around a reconcile, then while it handles an
              // event (namespace and name only), then nothing.
              MDCUtils.addResourceInfo(alice());
              LoggerFactory.getLogger("dev.juliapod.operator.Test").info("build started");
              MDCUtils.removeResourceInfo();
              MDCUtils.addResourceIDInfo(new ResourceID("alice", "team"));
              LoggerFactory.getLogger("dev.juliapod.operator.Test").info("event received");
              MDCUtils.removeResourceIDInfo();
              LoggerFactory.getLogger("dev.juliapod.operator.Test").info("operator started");
            });
    String[] lines = out.split("\n");
    assertThat(lines).hasSize(3);
    String head = "\\S+Z INFO  \\[[^\\]]+] \\S*Test";
    assertThat(lines[0]).matches(head + " \\[JuliaPod team/alice]: build started");
    assertThat(lines[1]).matches(head + " \\[team/alice]: event received");
    assertThat(lines[2]).matches(head + ": operator started");
  }

  @Test
  void jsonCarriesTheReconciledResourceInMdc() throws Exception {
    String out =
        capture(
            Logging.Format.JSON,
            () -> {
              MDCUtils.addResourceInfo(alice());
              LoggerFactory.getLogger("dev.juliapod.operator.Test").info("build started");
              MDCUtils.removeResourceInfo();
              LoggerFactory.getLogger("dev.juliapod.operator.Test").info("operator started");
            });
    String[] lines = out.strip().split("\n");
    assertThat(lines).hasSize(2);
    JsonNode during = new ObjectMapper().readTree(lines[0]).get("mdc");
    assertThat(during.get("resource.kind").asText()).isEqualTo("JuliaPod");
    assertThat(during.get("resource.namespace").asText()).isEqualTo("team");
    assertThat(during.get("resource.name").asText()).isEqualTo("alice");
    JsonNode outside = new ObjectMapper().readTree(lines[1]);
    assertThat(outside.get("formattedMessage").asText()).isEqualTo("operator started");
    assertThat(outside.get("mdc")).isEmpty();
  }

  @Test
  void unknownSettingsSayWhatIsAllowed() {
    assertThatThrownBy(() -> Logging.parseFormat("xml")).hasMessageContaining("text or json");
    assertThatThrownBy(() -> Logging.parseLevel("loud")).hasMessageContaining("warn, info");
    assertThat(Logging.parseLevel("DEBUG")).isEqualTo(Level.DEBUG);
  }

  private static JuliaPod alice() {
    JuliaPod pod = new JuliaPod();
    pod.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team")
            .withName("alice")
            .withResourceVersion("7")
            .withGeneration(2L)
            .withUid("u-1")
            .build());
    return pod;
  }

  private String capture(Logging.Format format, Runnable logs) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Logging.configure(format, Level.INFO);
    logs.run();
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
