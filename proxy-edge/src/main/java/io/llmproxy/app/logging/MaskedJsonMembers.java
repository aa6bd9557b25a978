package io.llmproxy.app.logging;

import io.llmproxy.kernel.logging.SecretMasking;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Structured (JSON) log lines get the same masking as the text ones: every string value — the
 * message, the stack trace, MDC and key-value pairs — passes through {@link SecretMasking} before
 * it is written. Named by {@code logging.structured.json.customizer} in {@code application.yml}.
 */
public class MaskedJsonMembers implements StructuredLoggingJsonMembersCustomizer<Object> {

  @Override
  public void customize(JsonWriter.Members<Object> members) {
    members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, SecretMasking::mask));
  }
}
