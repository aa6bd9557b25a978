package io.llmproxy.edge.providers.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.llmproxy.edge.providers.OpenAiUsage;
import io.llmproxy.edge.providers.StreamChunk.Facts;
import io.llmproxy.edge.tokens.TokenCounter;
import io.llmproxy.kernel.usage.TokenUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what the relay needs of an OpenAI stream chunk (or whole answer) in one pass of Jackson's
 * streaming parser, without building its tree: whether it reports an error, its {@code usage},
 * whether it has choices, and its generated text. Gives what the tree would give: for a repeated
 * key the last value counts, a choice's {@code delta} wins over its {@code message}, and the text
 * comes in the order {@link io.llmproxy.edge.providers.UsageEstimator#appendGeneratedText} gives
 * it.
 */
final class OpenAiChunkReader {

  /** What one chunk says: {@code facts} null when the text was not a JSON object. */
  record Read(Facts facts, boolean reportsError) {
    static final Read NOT_AN_OBJECT = new Read(null, false);
  }

  private final ObjectMapper json;
  // reads one value from the middle of a chunk: what follows it is the chunk's, not trailing
  private final ObjectReader subtrees;
  private final boolean trailingRefused;

  OpenAiChunkReader(ObjectMapper json) {
    this.json = json;
    this.subtrees = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.trailingRefused = json.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  Read read(byte[] data) {
    try (JsonParser parser = json.getFactory().createParser(data)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Read.NOT_AN_OBJECT;
      }
      boolean error = false;
      JsonNode usage = null;
      boolean hasChoices = false;
      List<String> text = List.of();
      while (next(parser) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = next(parser);
        switch (name) {
          case "error" -> {
            error = value != JsonToken.VALUE_NULL;
            parser.skipChildren();
          }
          case "usage" -> {
            usage = value == JsonToken.START_OBJECT ? subtrees.readTree(parser) : null;
            parser.skipChildren();
          }
          case "choices" -> {
            // as the tree iterates an object's values, so are an object's values read as choices
            text = new ArrayList<>(1);
            boolean any = choices(parser, value, text);
            hasChoices = value == JsonToken.START_ARRAY && any;
          }
          default -> parser.skipChildren();
        }
      }
      if (trailingRefused && parser.nextToken() != null) {
        // as the tree refuses it with this mapper
        return Read.NOT_AN_OBJECT;
      }
      Optional<TokenUsage> reported = usage == null ? Optional.empty() : OpenAiUsage.of(usage);
      return new Read(new Facts(usage != null, reported, hasChoices, text), error);
    } catch (IOException unreadable) {
      return Read.NOT_AN_OBJECT;
    }
  }

  /** Reads the choices up to their end; true when there was at least one. */
  private boolean choices(JsonParser parser, JsonToken container, List<String> text)
      throws IOException {
    boolean any = false;
    for (JsonToken element = element(parser, container);
        element != null;
        element = element(parser, container)) {
      any = true;
      if (element == JsonToken.START_OBJECT) {
        choice(parser, text);
      } else {
        parser.skipChildren();
      }
    }
    return any;
  }

  /**
   * The first token of the container's next element (an array's item, an object's value), or null
   * at its end; a scalar in place of a container has no elements.
   */
  private static JsonToken element(JsonParser parser, JsonToken container) throws IOException {
    if (container == JsonToken.START_ARRAY) {
      JsonToken token = next(parser);
      return token == JsonToken.END_ARRAY ? null : token;
    }
    if (container == JsonToken.START_OBJECT) {
      return next(parser) == JsonToken.FIELD_NAME ? next(parser) : null;
    }
    return null;
  }

  private void choice(JsonParser parser, List<String> text) throws IOException {
    String choiceText = null;
    Message delta = null;
    Message message = null;
    boolean hasDelta = false;
    while (next(parser) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = next(parser);
      switch (name) {
        case "text" -> choiceText = text(parser, value);
        case "delta" -> {
          hasDelta = true;
          delta = value == JsonToken.START_OBJECT ? message(parser) : skipped(parser);
        }
        case "message" ->
            message = value == JsonToken.START_OBJECT ? message(parser) : skipped(parser);
        default -> parser.skipChildren();
      }
    }
    add(text, choiceText);
    Message read = hasDelta ? delta : message;
    if (read != null) {
      read.passTo(text);
    }
  }

  /** The text fields of a message or delta, kept apart to be given in their canonical order. */
  private static final class Message {
    String content;
    String refusal;
    List<String> toolCalls = List.of();
    String functionArguments;

    void passTo(List<String> text) {
      add(text, content);
      add(text, refusal);
      toolCalls.forEach(piece -> add(text, piece));
      add(text, functionArguments);
    }
  }

  private Message message(JsonParser parser) throws IOException {
    Message message = new Message();
    while (next(parser) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = next(parser);
      switch (name) {
        case "content" -> message.content = text(parser, value);
        case "refusal" -> message.refusal = text(parser, value);
        case "tool_calls" -> message.toolCalls = toolCalls(parser, value);
        case "function_call" -> message.functionArguments = function(parser, value).arguments;
        default -> parser.skipChildren();
      }
    }
    return message;
  }

  private List<String> toolCalls(JsonParser parser, JsonToken value) throws IOException {
    List<String> pieces = new ArrayList<>(2);
    for (JsonToken element = element(parser, value);
        element != null;
        element = element(parser, value)) {
      if (element != JsonToken.START_OBJECT) {
        parser.skipChildren();
        continue;
      }
      Function function = new Function();
      while (next(parser) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken field = next(parser);
        if ("function".equals(name)) {
          function = function(parser, field);
        } else {
          parser.skipChildren();
        }
      }
      pieces.add(function.name);
      pieces.add(function.arguments);
    }
    return pieces;
  }

  private static final class Function {
    String name;
    String arguments;
  }

  private Function function(JsonParser parser, JsonToken value) throws IOException {
    Function function = new Function();
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return function;
    }
    while (next(parser) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken field = next(parser);
      switch (name) {
        case "name" -> function.name = text(parser, field);
        case "arguments" -> function.arguments = text(parser, field);
        default -> parser.skipChildren();
      }
    }
    return function;
  }

  /** A string, or the text parts of an array of content parts; null for anything else. */
  private String text(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (value == JsonToken.START_ARRAY) {
      return TokenCounter.text(subtrees.readTree(parser));
    }
    parser.skipChildren();
    return null;
  }

  private static Message skipped(JsonParser parser) throws IOException {
    parser.skipChildren();
    return null;
  }

  /** The next token; a text that ends before its value does is not a JSON object. */
  private static JsonToken next(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new IOException("the chunk ended inside its value");
    }
    return token;
  }

  private static void add(List<String> text, String piece) {
    if (piece != null) {
      text.add(piece);
    }
  }
}
