package io.llmproxy.edge.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Local token counts, for the mock provider and for upstreams that report no usage. Follows
 * OpenAI's published chat accounting: a few tokens of framing per message plus the primer. Text
 * that spells a special token ({@code <|endoftext|>}) is counted as the ordinary text it is: it
 * comes from clients and upstreams, and the tokenizer would refuse it as special.
 */
@Component
public class TokenCounter {

  private static final int TOKENS_PER_MESSAGE = 3;
  private static final int REPLY_PRIMER_TOKENS = 3;

  private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

  public long countPrompt(String model, JsonNode messages) {
    Encoding encoding = encodingFor(model);
    long tokens = REPLY_PRIMER_TOKENS;
    if (messages != null && messages.isArray()) {
      for (JsonNode message : messages) {
        tokens += TOKENS_PER_MESSAGE;
        tokens += encoding.countTokensOrdinary(message.path("role").asText(""));
        tokens += encoding.countTokensOrdinary(text(message.path("content")));
        if (message.has("name")) {
          tokens += 1 + encoding.countTokensOrdinary(message.path("name").asText(""));
        }
      }
    }
    return tokens;
  }

  public long count(String model, String text) {
    return text == null ? 0 : encodingFor(model).countTokensOrdinary(text);
  }

  /** A count of text that arrives in pieces, for {@code model}'s encoding. */
  public RunningTokenCount running(String model) {
    return new RunningTokenCount(() -> encodingFor(model));
  }

  /** The longest prefix of {@code text} that fits in {@code maxTokens}. */
  public String truncate(String model, String text, int maxTokens) {
    Encoding encoding = encodingFor(model);
    IntArrayList tokens = encoding.encodeOrdinary(text);
    if (tokens.size() <= maxTokens) {
      return text;
    }
    IntArrayList kept = new IntArrayList(maxTokens);
    for (int i = 0; i < maxTokens; i++) {
      kept.add(tokens.get(i));
    }
    return encoding.decode(kept);
  }

  /** The text of a message's content, whether a string or an array of typed parts. */
  public static String text(JsonNode content) {
    if (content == null || content.isNull() || content.isMissingNode()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (part.path("text").isTextual()) {
          text.append(part.path("text").asText());
        }
      }
      return text.toString();
    }
    return content.toString();
  }

  private Encoding encodingFor(String model) {
    String name = model == null ? "" : model.toLowerCase(Locale.ROOT);
    boolean o200k =
        name.startsWith("gpt-4o")
            || name.startsWith("gpt-4.1")
            || name.startsWith("gpt-5")
            || name.startsWith("o1")
            || name.startsWith("o3")
            || name.startsWith("o4")
            || name.startsWith("mock");
    return registry.getEncoding(o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE);
  }
}
