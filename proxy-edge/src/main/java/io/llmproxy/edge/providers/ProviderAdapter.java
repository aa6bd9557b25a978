package io.llmproxy.edge.providers;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Speaks one provider's wire protocol and answers in OpenAI's shapes. Failures arrive as {@link
 * UpstreamException} so that every adapter's errors reach the client in the same way.
 */
public interface ProviderAdapter {

  /** The whole answer at once. */
  Mono<ProviderResponse> send(ProviderCall call);

  /**
   * The answer as chunks, each emitted as soon as the provider sent it. The stream completes only
   * when the provider ended it properly; the adapter asks for usage where the provider supports it,
   * so the last chunks may carry usage the client did not ask for. Fails before the first chunk if
   * the provider refused the call.
   */
  Flux<StreamChunk> stream(ProviderCall call);
}
