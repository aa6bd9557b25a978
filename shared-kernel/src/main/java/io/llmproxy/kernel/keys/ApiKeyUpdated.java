package io.llmproxy.kernel.keys;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A key's attributes changed; the event carries all of them as they now are. Revision {@value
 * KeyAttributes#EXPLICIT_EVERY_ALIAS}: see {@link KeyAttributes#allowedModels()}.
 */
@Revision(KeyAttributes.EXPLICIT_EVERY_ALIAS)
public record ApiKeyUpdated(String keyId, KeyAttributes attributes, Instant updatedAt) {}
