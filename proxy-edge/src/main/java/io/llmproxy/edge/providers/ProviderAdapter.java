package io.llmproxy.edge.providers;

import reactor.core.publisher.Mono;

/**
 * Speaks one provider's wire protocol. Failures arrive as {@link UpstreamException} so that every
 * adapter's errors reach the client in the same way.
 */
public interface ProviderAdapter {

  Mono<ProviderResponse> chatCompletion(ProviderCall call);
}
