package io.llmproxy.edge.providers.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.edge.providers.ProviderAdapter;
import io.llmproxy.edge.providers.ProviderKind;
import io.llmproxy.edge.providers.ProviderSettings;
import io.llmproxy.edge.providers.UpstreamLimits;
import io.llmproxy.edge.providers.UpstreamModelNames;
import io.llmproxy.edge.providers.UsageEstimator;
import io.llmproxy.edge.providers.anthropic.AnthropicAdapter;
import io.llmproxy.edge.providers.gemini.GeminiAdapter;
import io.llmproxy.edge.providers.mock.MockAdapter;
import io.llmproxy.edge.providers.openai.OpenAiCompatibleAdapter;
import io.llmproxy.edge.tokens.TokenCounter;
import io.llmproxy.kernel.routing.ProviderDirectory;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** One adapter per configured provider, built at start so a bad configuration fails fast. */
@Component
public class ProviderRegistry implements ProviderDirectory {

  private final Map<String, ProviderAdapter> adapters;
  private final Map<String, ProviderKind> kinds;

  ProviderRegistry(
      ProviderSettings settings,
      ObjectMapper json,
      TokenCounter tokens,
      UsageEstimator estimator,
      UpstreamLimits limits,
      Clock clock) {
    Map<String, ProviderAdapter> built = new HashMap<>();
    Map<String, ProviderKind> kindsByName = new HashMap<>();
    settings
        .providers()
        .forEach(
            (name, provider) -> {
              if (provider.kind() == null) {
                throw new IllegalStateException(
                    "llmproxy.providers."
                        + name
                        + ".kind is required (openai-compatible, azure-openai, anthropic, gemini or mock)");
              }
              kindsByName.put(name, provider.kind());
              built.put(
                  name,
                  switch (provider.kind()) {
                    case OPENAI_COMPATIBLE ->
                        OpenAiCompatibleAdapter.openAi(name, provider, json, estimator, limits);
                    case AZURE_OPENAI ->
                        OpenAiCompatibleAdapter.azure(name, provider, json, estimator, limits);
                    case ANTHROPIC ->
                        new AnthropicAdapter(name, provider, json, estimator, clock, limits);
                    case MOCK -> new MockAdapter(provider, json, tokens, clock);
                    case GEMINI ->
                        GeminiAdapter.create(name, provider, json, estimator, clock, limits);
                  });
            });
    this.adapters = Map.copyOf(built);
    this.kinds = Map.copyOf(kindsByName);
  }

  public Optional<ProviderAdapter> adapter(String provider) {
    return Optional.ofNullable(adapters.get(provider));
  }

  @Override
  public Optional<String> modelNameProblem(String provider, String model) {
    ProviderKind kind = kinds.get(provider);
    return kind == null ? Optional.empty() : UpstreamModelNames.problem(kind, model);
  }

  @Override
  public Set<String> providerNames() {
    return adapters.keySet();
  }
}
