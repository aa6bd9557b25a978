package io.llmproxy.edge.providers;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code llmproxy.providers.<name>.*}: the upstream deployments this installation may route to.
 *
 * @param providers deployments by name; a route names one of them
 */
@ConfigurationProperties(prefix = "llmproxy")
public record ProviderSettings(Map<String, Provider> providers) {

  public ProviderSettings {
    providers = providers == null ? Map.of() : Map.copyOf(providers);
  }

  /**
   * One deployment.
   *
   * @param kind {@code openai-compatible}, {@code azure-openai}, {@code anthropic}, {@code gemini}
   *     or {@code mock}
   * @param baseUrl the API root including its version path, e.g. {@code https://api.openai.com/v1}
   * @param apiKey the provider credential, sent as a bearer token; never logged or stored
   * @param timeout longest wait for a complete upstream answer
   * @param latency mock only: how long the mock takes to answer
   * @param apiVersion azure-openai: the {@code api-version} query parameter; anthropic: the {@code
   *     anthropic-version} header (default 2023-06-01)
   * @param maxConnections open connections to this deployment at most; requests beyond wait for one
   *     to be free
   */
  public record Provider(
      ProviderKind kind,
      URI baseUrl,
      String apiKey,
      @DefaultValue("300s") Duration timeout,
      @DefaultValue("0ms") Duration latency,
      String apiVersion,
      @DefaultValue("" + Provider.DEFAULT_MAX_CONNECTIONS) int maxConnections) {

    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    public Provider {
      if (maxConnections < 1) {
        throw new IllegalArgumentException(
            "max-connections must be at least 1, was " + maxConnections);
      }
    }

    @Override
    public String toString() {
      return "Provider[kind="
          + kind
          + ", baseUrl="
          + baseUrl
          + ", apiKey="
          + (apiKey == null ? "unset" : "***")
          + "]";
    }
  }
}
