package dev.juliapod.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The operator's logging. Text for people reading `kubectl logs`, JSON lines for log pipelines
 * (Loki, Elasticsearch, Cloud Logging) that index fields instead of parsing text.
 */
final class Logging {
  enum Format {
    TEXT,
    JSON
  }

  private Logging() {}

  static Format parseFormat(String value) {
    try {
      return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("log format must be text or json, not '" + value + "'");
    }
  }

  static Level parseLevel(String value) {
    Level level = Level.toLevel(value.trim(), null);
    if (level == null) {
      throw new IllegalArgumentException(
          "log level must be one of error, warn, info, debug, trace, not '" + value + "'");
    }
    return level;
  }

  /** Replaces the command line's configuration: everything on stdout, as containers expect. */
  static void configure(Format format, Level level) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    Encoder<ILoggingEvent> encoder = format == Format.JSON ? json(context) : text(context);
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("stdout");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    root.addAppender(appender);
    // fabric8's watch reconnects and OkHttp-level chatter are noise below WARN.
    context.getLogger("io.fabric8.kubernetes.client.dsl.internal").setLevel(Level.WARN);
  }

  /**
   * The resource being reconciled, " [JuliaPod team/alice]", from what java-operator-sdk puts in
   * the MDC (io.javaoperatorsdk.operator.processing.MDCUtils: resource.kind, resource.namespace and
   * resource.name around a reconcile; only namespace and name while it handles an event); nothing
   * on a line logged outside those. Both of juliapod's kinds are namespaced. %X of a missing key is
   * empty, so the inner %replace drops the bare " [ /]" and the outer one the space left before a
   * namespace without a kind.
   */
  private static final String RESOURCE =
      "%replace(%replace("
          + " [%X{resource.kind} %X{resource.namespace}/%X{resource.name}]){'^ \\[ /]$', ''})"
          + "{'^ \\[ ', ' ['}";

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(
        "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{30}"
            + RESOURCE
            + ": %msg%n%ex");
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    // The logger context's properties repeat on every line and say nothing here.
    encoder.setWithContext(false);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    // The text a person would read, not the {} template and its arguments.
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    // java-operator-sdk's resource.kind, resource.namespace, resource.name (and more) as the
    // "mdc" object; logback's default, set here so that it stays.
    encoder.setWithMDC(true);
    encoder.start();
    return encoder;
  }
}
