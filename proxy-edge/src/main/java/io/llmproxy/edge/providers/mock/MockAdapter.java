package io.llmproxy.edge.providers.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.ProviderAdapter;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.ProviderResponse;
import io.llmproxy.edge.providers.ProviderSettings;
import io.llmproxy.edge.tokens.TokenCounter;
import io.llmproxy.kernel.usage.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The built-in provider: answers without any network, deterministically for the same request, after
 * a configurable latency, and counts tokens the way a real model would bill them.
 */
public class MockAdapter implements ProviderAdapter {

  private static final int ECHO_LIMIT = 200;

  private final Duration latency;
  private final ObjectMapper json;
  private final TokenCounter tokens;
  private final Clock clock;

  public MockAdapter(
      ProviderSettings.Provider settings, ObjectMapper json, TokenCounter tokens, Clock clock) {
    this.latency = settings.latency();
    this.json = json;
    this.tokens = tokens;
    this.clock = clock;
  }

  @Override
  public Mono<ProviderResponse> chatCompletion(ProviderCall call) {
    Mono<ProviderResponse> answer = Mono.fromSupplier(() -> answer(call));
    return latency.isZero() ? answer : Mono.delay(latency).then(answer);
  }

  private ProviderResponse answer(ProviderCall call) {
    String model = call.upstreamModel();
    JsonNode messages = call.request().path("messages");
    int choices = Math.max(1, call.request().path("n").asInt(1));
    String reply = "Mock reply from " + model + ". You said: " + lastUserText(messages);
    String finishReason = "stop";
    int maxTokens = maxTokens(call.request());
    if (maxTokens > 0 && tokens.count(model, reply) > maxTokens) {
      reply = tokens.truncate(model, reply, maxTokens);
      finishReason = "length";
    }
    long promptTokens = tokens.countPrompt(model, messages);
    long completionTokens = tokens.count(model, reply) * choices;
    TokenUsage usage = TokenUsage.of(promptTokens, completionTokens);
    return new ProviderResponse(body(call, reply, finishReason, choices, usage), usage, false);
  }

  private ObjectNode body(
      ProviderCall call, String reply, String finishReason, int choices, TokenUsage usage) {
    ObjectNode body = json.createObjectNode();
    body.put("id", "chatcmpl-" + call.requestId());
    body.put("object", "chat.completion");
    body.put("created", clock.instant().getEpochSecond());
    body.put("model", call.upstreamModel());
    ArrayNode choiceNodes = body.putArray("choices");
    for (int index = 0; index < choices; index++) {
      ObjectNode choice = choiceNodes.addObject();
      choice.put("index", index);
      ObjectNode message = choice.putObject("message");
      message.put("role", "assistant");
      message.put("content", reply);
      message.putNull("refusal");
      choice.putNull("logprobs");
      choice.put("finish_reason", finishReason);
    }
    ObjectNode usageNode = body.putObject("usage");
    usageNode.put("prompt_tokens", usage.promptTokens());
    usageNode.put("completion_tokens", usage.completionTokens());
    usageNode.put("total_tokens", usage.totalTokens());
    body.put("system_fingerprint", "fp_llmproxy_mock");
    return body;
  }

  private static int maxTokens(JsonNode request) {
    JsonNode limit = request.path("max_completion_tokens");
    if (!limit.isInt()) {
      limit = request.path("max_tokens");
    }
    return limit.isInt() ? limit.asInt() : 0;
  }

  private static String lastUserText(JsonNode messages) {
    String last = "";
    if (messages.isArray()) {
      for (JsonNode message : messages) {
        if ("user".equals(message.path("role").asText())) {
          last = TokenCounter.text(message.path("content"));
        }
      }
    }
    String clipped = last.strip();
    return clipped.length() > ECHO_LIMIT ? clipped.substring(0, ECHO_LIMIT) + "…" : clipped;
  }
}
