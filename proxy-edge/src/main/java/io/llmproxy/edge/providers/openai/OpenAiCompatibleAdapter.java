package io.llmproxy.edge.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.ProviderAdapter;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.ProviderResponse;
import io.llmproxy.edge.providers.ProviderSettings;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.tokens.TokenCounter;
import io.llmproxy.kernel.usage.TokenUsage;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** Any upstream that speaks OpenAI's chat-completions API. */
public class OpenAiCompatibleAdapter implements ProviderAdapter {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

  private final WebClient client;
  private final ObjectMapper json;
  private final TokenCounter tokens;
  private final Duration timeout;

  public OpenAiCompatibleAdapter(
      String name,
      ProviderSettings.Provider settings,
      WebClient.Builder builder,
      ObjectMapper json,
      TokenCounter tokens) {
    if (settings.baseUrl() == null) {
      throw new IllegalStateException(
          "llmproxy.providers." + name + ".base-url is required for openai-compatible");
    }
    HttpClient http =
        HttpClient.create()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
            .responseTimeout(settings.timeout());
    String baseUrl = settings.baseUrl().toString().replaceAll("/+$", "");
    builder
        .baseUrl(baseUrl)
        .clientConnector(new ReactorClientHttpConnector(http))
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_RESPONSE_BYTES))
        .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiKey().strip());
    }
    this.client = builder.build();
    this.json = json;
    this.tokens = tokens;
    this.timeout = settings.timeout();
  }

  @Override
  public Mono<ProviderResponse> chatCompletion(ProviderCall call) {
    ObjectNode upstreamRequest = call.request().deepCopy();
    upstreamRequest.put("model", call.upstreamModel());
    return client
        .post()
        .uri("/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(upstreamRequest)
        .exchangeToMono(this::readAnswer)
        .timeout(timeout)
        .onErrorMap(
            WebClientRequestException.class, e -> UpstreamException.unreachable(describe(e)))
        .onErrorMap(
            TimeoutException.class, e -> new UpstreamException(504, null, "no answer in time"))
        .map(body -> withUsage(call, body));
  }

  private Mono<ObjectNode> readAnswer(ClientResponse response) {
    int status = response.statusCode().value();
    return response
        .bodyToMono(byte[].class)
        .defaultIfEmpty(new byte[0])
        .flatMap(
            bytes -> {
              ObjectNode body = parseObject(bytes);
              if (response.statusCode().is2xxSuccessful()) {
                return body != null
                    ? Mono.just(body)
                    : Mono.error(UpstreamException.unreachable("the answer was not a JSON object"));
              }
              return Mono.error(new UpstreamException(status, body, "HTTP " + status));
            });
  }

  private ProviderResponse withUsage(ProviderCall call, ObjectNode body) {
    JsonNode usage = body.path("usage");
    if (usage.path("prompt_tokens").canConvertToLong()
        && usage.path("completion_tokens").canConvertToLong()) {
      long prompt = usage.path("prompt_tokens").asLong();
      long completion = usage.path("completion_tokens").asLong();
      long total = usage.path("total_tokens").asLong(prompt + completion);
      return new ProviderResponse(body, new TokenUsage(prompt, completion, total), false);
    }
    long prompt = tokens.countPrompt(call.upstreamModel(), call.request().path("messages"));
    long completion = 0;
    for (JsonNode choice : body.path("choices")) {
      completion +=
          tokens.count(
              call.upstreamModel(), TokenCounter.text(choice.path("message").path("content")));
    }
    return new ProviderResponse(body, TokenUsage.of(prompt, completion), true);
  }

  private ObjectNode parseObject(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    try {
      JsonNode node = json.readTree(bytes);
      return node instanceof ObjectNode object ? object : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String describe(WebClientRequestException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }
}
