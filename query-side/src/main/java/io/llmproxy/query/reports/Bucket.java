package io.llmproxy.query.reports;

/** One row's key in the hourly or daily report table. */
record Bucket(
    long start, String keyId, String teamId, String alias, String provider, String outcome) {}
