package io.llmproxy.kernel.keys;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Issues a virtual key. Only the keyed hash of the secret travels in the command; the plaintext
 * never leaves the HTTP response that created it.
 */
public record IssueApiKey(
    @TargetAggregateIdentifier String keyId,
    String secretHash,
    String displayPrefix,
    KeyAttributes attributes) {}
