package io.llmproxy.edge.providers;

/** The wire protocols the proxy can speak to an upstream. */
public enum ProviderKind {
  /** Any server with OpenAI's HTTP API: OpenAI itself, vLLM, Ollama, Groq, Mistral, DeepSeek… */
  OPENAI_COMPATIBLE,
  /** Azure OpenAI: OpenAI's API under per-deployment URLs, an {@code api-version}, an api-key. */
  AZURE_OPENAI,
  /** Google's Gemini API, translated from and to OpenAI's shapes. */
  GEMINI,
  /** Anthropic's Messages API; requests and answers are translated to and from OpenAI's shapes. */
  ANTHROPIC,
  /** Built in, answers locally: for trials and benchmarks. */
  MOCK
}
