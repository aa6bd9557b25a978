package io.llmproxy.edge.gateway;

import io.llmproxy.edge.providers.ProviderResponse;

/** How one front door (OpenAI's API, Anthropic's) writes answers: whole, or as a stream. */
public interface AnswerShape {

  /** The response body for a whole answer, from the provider's OpenAI-shaped answer. */
  byte[] whole(ProviderResponse answer);

  /** A fresh encoding for one streamed answer. */
  StreamEncoding stream();
}
