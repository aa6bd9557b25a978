package io.llmproxy.edge.metrics;

import io.micrometer.core.instrument.MeterRegistry;

/** The proxy's meters, for unit tests outside this package. */
public final class Metrics {

  private Metrics() {}

  public static ProxyMetrics proxyMetrics(MeterRegistry registry) {
    return new ProxyMetrics(registry);
  }
}
