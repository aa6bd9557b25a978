package io.llmproxy.query.audit;

import java.time.Instant;

/**
 * The trail's filters; a null field does not filter.
 *
 * @param since inclusive lower bound of the event time
 * @param until exclusive upper bound of the event time
 */
record AdminEventFilter(
    String actor, String action, String subjectId, Instant since, Instant until) {}
