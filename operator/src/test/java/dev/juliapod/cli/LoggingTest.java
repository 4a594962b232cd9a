package dev.juliapod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What `juliapod operator --log-format` writes: lines a log pipeline can index. */
class LoggingTest {
  private final PrintStream stdout = System.out;

  @AfterEach
  void restore() throws Exception {
    System.setOut(stdout);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void jsonIsOneObjectPerLineWithLevelLoggerAndMessage() throws Exception {
    String out = capture(Logging.Format.JSON, () -> {
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
    String out = capture(Logging.Format.TEXT,
        () -> LoggerFactory.getLogger("dev.juliapod.operator.Test").warn("build failed"));
    assertThat(out).matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\S+Z WARN .*Test: build failed\\n");
  }

  @Test
  void unknownSettingsSayWhatIsAllowed() {
    assertThatThrownBy(() -> Logging.parseFormat("xml")).hasMessageContaining("text or json");
    assertThatThrownBy(() -> Logging.parseLevel("loud")).hasMessageContaining("warn, info");
    assertThat(Logging.parseLevel("DEBUG")).isEqualTo(Level.DEBUG);
  }

  private String capture(Logging.Format format, Runnable logs) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Logging.configure(format, Level.INFO);
    logs.run();
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
