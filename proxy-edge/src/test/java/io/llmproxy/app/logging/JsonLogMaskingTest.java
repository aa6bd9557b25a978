package io.llmproxy.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** With JSON log lines switched on, secrets are masked in every field, stack traces included. */
@EndToEnd
class JsonLogMaskingTest {

  private static final String VIRTUAL_KEY = "sk-llmp-abcdefghjk23-Q7mZp2XwLr9sVb4nTc8yHd6gFk3jWe5u";
  private static final String PROVIDER_KEY = "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78";

  // Spring Boot copies logging settings into system properties that outlive the context; the
  // nodes of later tests in this JVM must log text again
  private static final String FORMAT_PROPERTY = "CONSOLE_LOG_STRUCTURED_FORMAT";

  @TempDir Path dataDir;

  @AfterEach
  void forgetTheJsonFormat() {
    System.clearProperty(FORMAT_PROPERTY);
  }

  @Test
  void everyJsonLogLineIsMasked() throws Exception {
    assertThat(System.getProperty(FORMAT_PROPERTY)).isNull();
    try (ProxyNode node =
        ProxyNode.start(dataDir, Map.of("logging.structured.format.console", "ecs"))) {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      assertThat(node.baseUrl()).isNotEmpty();
      assertThat(root.getAppender("CONSOLE")).isInstanceOf(OutputStreamAppender.class);
      if (!(root.getAppender("CONSOLE") instanceof OutputStreamAppender<ILoggingEvent> console)) {
        return;
      }
      assertThat(console.getEncoder().getClass().getSimpleName()).isEqualTo("StructuredLogEncoder");

      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      OutputStreamAppender<ILoggingEvent> copy = new OutputStreamAppender<>();
      copy.setContext(context);
      copy.setName("json-copy");
      copy.setEncoder(console.getEncoder());
      copy.setOutputStream(captured);
      copy.start();
      root.addAppender(copy);
      try {
        LoggerFactory.getLogger("llmproxy.test")
            .warn(
                "client sent {} with upstream key {}",
                VIRTUAL_KEY,
                PROVIDER_KEY,
                new IllegalStateException(
                    "upstream refused Authorization: Bearer " + PROVIDER_KEY));
      } finally {
        root.detachAppender(copy);
      }

      String text = captured.toString(StandardCharsets.UTF_8);
      assertThat(text)
          .doesNotContain(VIRTUAL_KEY, PROVIDER_KEY, "Q7mZp2XwLr9sVb4n", "Ab12Cd34Ef56");
      JsonNode line = new ObjectMapper().readTree(text.lines().findFirst().orElseThrow());
      List<String> values = new ArrayList<>();
      collect(line, values);
      assertThat(values)
          .anyMatch(
              v ->
                  v.contains(
                      "client sent sk-llmp-abcdefghjk23-**** with upstream key sk-proj-****"))
          .anyMatch(v -> v.contains("IllegalStateException") && v.contains("at io.llmproxy"))
          .anyMatch(v -> v.contains("Authorization: Bearer sk-proj-****"));
    }
  }

  private static void collect(JsonNode node, List<String> values) {
    if (node.isTextual()) {
      values.add(node.asText());
    }
    node.forEach(child -> collect(child, values));
  }
}
