package io.llmproxy.query.reports;

import io.llmproxy.kernel.usage.UsageFilter;
import java.time.Instant;

/**
 * Which request-log rows to list: {@code [from, to)} on the entry's time (any instants), the usage
 * filter, and whether failed attempts that were retried are listed too.
 */
record RequestLogFilter(Instant from, Instant to, UsageFilter usage, boolean withRetried) {}
