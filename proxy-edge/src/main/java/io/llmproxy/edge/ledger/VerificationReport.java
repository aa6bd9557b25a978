package io.llmproxy.edge.ledger;

import java.time.Instant;

/**
 * The outcome of walking every usage ledger stream.
 *
 * @param verified true when no chain is broken; legacy events do not count as breaks
 * @param events every event walked, legacy ones included
 * @param legacyEvents events written before the chain existed, at the start of their streams
 * @param breaks how many events a break was found at; the walk goes on after each
 * @param firstBreak the first break in stream-id and sequence order, or null
 */
public record VerificationReport(
    boolean verified,
    long streams,
    long events,
    long legacyEvents,
    long breaks,
    Instant checkedAt,
    ChainBreak firstBreak) {}
