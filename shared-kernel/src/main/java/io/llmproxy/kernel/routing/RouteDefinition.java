package io.llmproxy.kernel.routing;

import java.util.List;

/**
 * Everything a public alias routes to.
 *
 * @param deployments where the alias is served, weighted; at least one
 * @param fallbacks other aliases tried in order once this one's attempts have failed
 * @param contextWindowFallbacks aliases tried when a deployment refuses the prompt as too long
 * @param retry attempts and backoff on this alias's own deployments
 * @param timeoutMillis longest wait for one attempt's answer (or next stream byte), or null for the
 *     provider's own timeout
 * @param maxOutputTokens the most tokens one choice of an answer may generate on this alias: the
 *     highest output limit a client may ask for, and what a request that sets none is assumed to
 *     generate when its budget is reserved; null (and in events recorded before it existed) for the
 *     proxy's configured default
 */
public record RouteDefinition(
    List<Deployment> deployments,
    List<String> fallbacks,
    List<String> contextWindowFallbacks,
    RetryPolicy retry,
    Long timeoutMillis,
    Integer maxOutputTokens) {

  public static final int MAX_DEPLOYMENTS = 64;

  /** Far above any model's output limit, and small enough that tokens × choices stays exact. */
  public static final int MAX_OUTPUT_TOKENS_LIMIT = 10_000_000;

  public static final int MAX_FALLBACKS = 8;

  public RouteDefinition {
    deployments = deployments == null ? List.of() : List.copyOf(deployments);
    fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    contextWindowFallbacks =
        contextWindowFallbacks == null ? List.of() : List.copyOf(contextWindowFallbacks);
    retry = RetryPolicy.orNone(retry);
    if (deployments.isEmpty() || deployments.size() > MAX_DEPLOYMENTS) {
      throw new IllegalArgumentException(
          "deployments must list between 1 and " + MAX_DEPLOYMENTS + " deployments");
    }
    if (fallbacks.size() > MAX_FALLBACKS || contextWindowFallbacks.size() > MAX_FALLBACKS) {
      throw new IllegalArgumentException("at most " + MAX_FALLBACKS + " fallbacks of each kind");
    }
    if (timeoutMillis != null && (timeoutMillis < 1 || timeoutMillis > 3_600_000)) {
      throw new IllegalArgumentException("timeout_ms must be between 1 and 3600000");
    }
    if (maxOutputTokens != null
        && (maxOutputTokens < 1 || maxOutputTokens > MAX_OUTPUT_TOKENS_LIMIT)) {
      throw new IllegalArgumentException(
          "max_output_tokens must be between 1 and " + MAX_OUTPUT_TOKENS_LIMIT);
    }
  }

  /** A route with the proxy's default maximum output. */
  public RouteDefinition(
      List<Deployment> deployments,
      List<String> fallbacks,
      List<String> contextWindowFallbacks,
      RetryPolicy retry,
      Long timeoutMillis) {
    this(deployments, fallbacks, contextWindowFallbacks, retry, timeoutMillis, null);
  }

  public static RouteDefinition single(String provider, String model) {
    return new RouteDefinition(List.of(Deployment.of(provider, model)), null, null, null, null);
  }
}
