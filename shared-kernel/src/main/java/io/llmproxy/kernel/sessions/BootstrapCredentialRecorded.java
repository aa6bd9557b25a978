package io.llmproxy.kernel.sessions;

import java.time.Instant;

/** The bootstrap administrator's credential as of now, by its keyed fingerprint only. */
public record BootstrapCredentialRecorded(
    String username, String fingerprint, Instant recordedAt) {}
