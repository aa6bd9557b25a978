package io.llmproxy.edge.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.edge.tokens.ChatInputTokens;
import io.llmproxy.edge.tokens.RunningTokenCount;
import io.llmproxy.edge.tokens.TokenCounter;
import io.llmproxy.kernel.usage.TokenUsage;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Counts tokens locally where a provider reports none: the prompt of a call and the text of an
 * answer, with the encoding of the upstream model's family.
 */
@Component
public class UsageEstimator {

  private final TokenCounter tokens;
  private final ChatInputTokens chatInput;

  public UsageEstimator(TokenCounter tokens) {
    this.tokens = tokens;
    this.chatInput = new ChatInputTokens(tokens);
  }

  /**
   * Every token of the call a provider bills as input: for chat, tools, schemas and media too (see
   * {@link ChatInputTokens}). A Responses API operation, should one be added, needs its {@code
   * input}, {@code instructions} and {@code tools} counted here the same way.
   */
  public long promptTokens(ProviderCall call) {
    String model = call.upstreamModel();
    JsonNode request = call.request();
    return switch (call.operation()) {
      case CHAT_COMPLETIONS -> chatInput.count(model, request);
      case COMPLETIONS ->
          countInputs(model, request.path("prompt")) + countInputs(model, request.path("suffix"));
      case EMBEDDINGS -> countInputs(model, request.path("input"));
    };
  }

  /**
   * A whole OpenAI-shaped answer that reported no usage, billed by local count: the call's prompt
   * and the answer's generated text.
   */
  public ProviderResponse estimated(ProviderCall call, byte[] bytes, JsonNode answer) {
    long prompt = promptTokens(call);
    long completion = textTokens(call, generatedText(answer));
    return new ProviderResponse(bytes, TokenUsage.of(prompt, completion), true);
  }

  private long textTokens(ProviderCall call, String text) {
    return tokens.count(call.upstreamModel(), text);
  }

  /**
   * A count of a streamed answer's generated text, fed chunk by chunk with {@link
   * #appendGeneratedText}; it keeps a few kilobytes of the text at most, whatever the answer's
   * length.
   */
  public RunningTokenCount completionCount(ProviderCall call) {
    return tokens.running(call.upstreamModel());
  }

  /**
   * The generated text of a whole answer or of one stream chunk: message content, refusals and
   * tool-call arguments of every choice.
   */
  public static String generatedText(JsonNode answerOrChunk) {
    StringBuilder text = new StringBuilder();
    appendGeneratedText(answerOrChunk, text::append);
    return text.toString();
  }

  /** Passes the pieces of {@link #generatedText} to {@code text}, without joining them. */
  public static void appendGeneratedText(JsonNode answerOrChunk, Consumer<String> text) {
    for (JsonNode choice : answerOrChunk.path("choices")) {
      appendText(text, choice.path("text"));
      JsonNode message = choice.has("delta") ? choice.path("delta") : choice.path("message");
      appendText(text, message.path("content"));
      appendText(text, message.path("refusal"));
      for (JsonNode call : message.path("tool_calls")) {
        appendText(text, call.path("function").path("name"));
        appendText(text, call.path("function").path("arguments"));
      }
      appendText(text, message.path("function_call").path("arguments"));
    }
  }

  private static void appendText(Consumer<String> text, JsonNode node) {
    if (node.isTextual() || node.isArray()) {
      text.accept(TokenCounter.text(node));
    }
  }

  /** A prompt or input: a string, strings, token ids, or arrays of token ids. */
  private long countInputs(String model, JsonNode input) {
    if (input.isTextual()) {
      return tokens.count(model, input.asText());
    }
    if (!input.isArray()) {
      return 0;
    }
    long count = 0;
    for (JsonNode item : input) {
      if (item.isTextual()) {
        count += tokens.count(model, item.asText());
      } else if (item.isIntegralNumber()) {
        count += 1;
      } else if (item.isArray()) {
        count += item.size();
      }
    }
    return count;
  }
}
