package io.llmproxy.command.keys;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/**
 * The only responses that ever carry a key's plaintext: issuing, and rotating. {@code
 * previousValidUntil} is set on rotation: until then the old secret keeps working too.
 */
public record IssuedKeyResponse(
    String id,
    String key,
    String displayPrefix,
    @JsonUnwrapped KeySettings settings,
    Instant previousValidUntil) {}
