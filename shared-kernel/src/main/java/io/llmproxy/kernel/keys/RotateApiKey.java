package io.llmproxy.kernel.keys;

import java.time.Duration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces a key's secret. The key keeps its id, so reports and limits carry on; the previous
 * secret keeps working for {@code gracePeriod} so clients can be redeployed without an outage.
 */
public record RotateApiKey(
    @TargetAggregateIdentifier String keyId,
    String secretHash,
    String displayPrefix,
    Duration gracePeriod) {}
