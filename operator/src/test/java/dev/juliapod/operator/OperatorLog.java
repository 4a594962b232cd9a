package dev.juliapod.operator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.filter.Filter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * What the operator and its informers logged during a test, kept in memory so that a test which
 * waited in vain can say in its failure message (all that CI keeps of a failed test) which events
 * java-operator-sdk received and what it ran for the test's objects. Raises the operator's own
 * loggers to INFO and java-operator-sdk's event processing and fabric8's informer to DEBUG; what
 * goes to stderr stays as logback.xml has it (WARN and above).
 */
public final class OperatorLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private static final int KEEP = 20_000;
  private static final Map<String, Level> RAISED =
      Map.of(
          "dev.juliapod", Level.INFO,
          "io.javaoperatorsdk.operator.processing.event.EventProcessor", Level.DEBUG,
          "io.fabric8.kubernetes.client.informers.impl.cache.Reflector", Level.DEBUG);

  private final Deque<String> lines = new ArrayDeque<>();
  private final Map<Logger, Level> before = new HashMap<>();
  private final ThresholdFilter stderrOnly = new ThresholdFilter();

  private OperatorLog() {}

  /** Starts capturing; {@link #close} restores the levels and stops. */
  public static OperatorLog capture() {
    OperatorLog log = new OperatorLog();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    log.setContext(root.getLoggerContext());
    log.start();
    // The raised levels reach root's console appender too: keep it at WARN, as configured.
    log.stderrOnly.setLevel(Level.WARN.levelStr);
    log.stderrOnly.start();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      it.next().addFilter(log.stderrOnly);
    }
    root.addAppender(log);
    RAISED.forEach(
        (name, level) -> {
          Logger logger = (Logger) LoggerFactory.getLogger(name);
          log.before.put(logger, logger.getLevel());
          logger.setLevel(level);
        });
    return log;
  }

  @Override
  protected synchronized void append(ILoggingEvent e) {
    String line =
        Instant.ofEpochMilli(e.getTimeStamp())
            + " "
            + e.getLevel()
            + " ["
            + e.getThreadName()
            + "] "
            + e.getLoggerName().substring(e.getLoggerName().lastIndexOf('.') + 1)
            + ": "
            + e.getFormattedMessage()
            + (e.getThrowableProxy() == null
                ? ""
                : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()));
    lines.addLast(line);
    if (lines.size() > KEEP) {
      lines.removeFirst();
    }
  }

  /**
   * The lines that name {@code namespace}, every warning and error, and the informers' own, which
   * name no object: watches starting and stopping, and the custom resources' events by kind and
   * resource version (the state dump gives each object's version).
   */
  public synchronized String about(String namespace) {
    StringBuilder s = new StringBuilder();
    for (String line : lines) {
      boolean informer =
          line.contains(" Reflector: ")
              && (!line.contains("Event received") || line.contains(" Julia"));
      if (informer
          || line.contains(namespace)
          || line.contains(" WARN ")
          || line.contains(" ERROR ")) {
        s.append(line).append('\n');
      }
    }
    return s.toString();
  }

  /** Every line kept. */
  public synchronized String all() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(this);
    before.forEach(Logger::setLevel);
    stop();
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      Appender<ILoggingEvent> appender = it.next();
      // logback removes filters all at once only
      List<Filter<ILoggingEvent>> kept =
          appender.getCopyOfAttachedFiltersList().stream().filter(f -> f != stderrOnly).toList();
      appender.clearAllFilters();
      kept.forEach(appender::addFilter);
    }
  }
}
