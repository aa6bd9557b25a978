package io.llmproxy.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Everything the application logs from now on, rendered by the very layout of the configured
 * console appender: the text an operator would see, not the raw events.
 *
 * <p>Attach after a node has started: Spring Boot's logging initialisation replaces all appenders.
 */
public final class CapturedLogs implements AutoCloseable {

  private final Logger root;
  private final OutputStreamAppender<ILoggingEvent> appender;
  private final ByteArrayOutputStream text = new ByteArrayOutputStream();

  private CapturedLogs(LoggerContext context, Layout<ILoggingEvent> layout) {
    this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("captured-logs");
    appender.setEncoder(encoder);
    appender.setOutputStream(text);
    appender.start();
    root.addAppender(appender);
  }

  /** Fails unless the console appender is configured with a layout to copy. */
  public static CapturedLogs attach() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Appender<ILoggingEvent> console =
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
    if (!(console instanceof OutputStreamAppender<ILoggingEvent> stream)
        || !(stream.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> encoder)) {
      throw new IllegalStateException("no CONSOLE appender with a layout: " + console);
    }
    return new CapturedLogs(context, encoder.getLayout());
  }

  public String text() {
    return text.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
