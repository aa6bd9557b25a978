package io.llmproxy.edge.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.StreamChunk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The streaming read of a chunk gives exactly what its tree gives, for any shape a chunk has. */
class OpenAiChunkReaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  // as the application configures its mapper (app.StrictRequestJson)
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private ObjectMapper json = JSON;
  private OpenAiChunkReader reader = new OpenAiChunkReader(JSON);

  @Test
  void readsWhatTheTreeSaysForRandomChunks() {
    Random random = new Random(20261207L);
    for (int i = 0; i < 5_000; i++) {
      String text = new ChunkText(random).object(0);
      assertSameAsTree(text);
    }
  }

  @Test
  void readsWhatTheStrictTreeSaysForRandomChunks() {
    strict();
    Random random = new Random(7L);
    for (int i = 0; i < 5_000; i++) {
      String text = new ChunkText(random).object(0);
      if (random.nextInt(10) == 0) {
        text = text + " " + text;
      }
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (tree(bytes) == null) {
        assertThat(reader.read(bytes).facts()).as(text).isNull();
      } else {
        assertSameAsTree(text);
      }
    }
  }

  @Test
  void readsTypicalChunksAndAnswers() {
    strict();
    assertSameAsTree(
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"logprobs\":null,"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,"
            + "\"completion_tokens\":5,\"total_tokens\":17},\"system_fingerprint\":null}");
  }

  @Test
  void readsTypicalChunks() {
    assertSameAsTree(
        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}");
    assertSameAsTree(
        "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,"
            + "\"total_tokens\":17,\"prompt_tokens_details\":{\"cached_tokens\":2}}}");
    assertSameAsTree(
        "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"f\","
            + "\"arguments\":\"{\\\"a\\\":1}\"}}]}}],\"usage\":null}");
    assertSameAsTree("{\"error\":{\"message\":\"overloaded\"}}");
    assertSameAsTree("{\"error\":null,\"choices\":[{\"text\":\"legacy\"}]}");
  }

  @Test
  void refusesWhatIsNotOneJsonObject() {
    // what the tree refuses too

    for (String text :
        List.of(
            "",
            "  ",
            "[]",
            "42",
            "\"x\"",
            "{",
            "{\"a\":",
            "{\"choices\":[{\"delta\":{",
            "{\"choices\":[1,2",
            "{\"a\":1,}",
            "nul",
            "{\"usage\":{\"prompt_tokens\":1}")) {
      assertThat(reader.read(text.getBytes(StandardCharsets.UTF_8)).facts()).as(text).isNull();
      assertThat(tree(text.getBytes(StandardCharsets.UTF_8))).as(text).isNull();
    }
  }

  private void assertSameAsTree(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ObjectNode tree = tree(bytes);
    OpenAiChunkReader.Read read = reader.read(bytes);
    assertThat(tree).as(text).isNotNull();
    assertThat(read.facts()).as(text).isNotNull();
    StreamChunk byTree = StreamChunk.of(text, tree);
    StreamChunk byReader = StreamChunk.relayed(bytes, read.facts(), b -> tree);
    assertThat(read.reportsError()).as(text).isEqualTo(tree.hasNonNull("error"));
    assertThat(byReader.carriesUsage()).as(text).isEqualTo(byTree.carriesUsage());
    assertThat(byReader.usage()).as(text).isEqualTo(byTree.usage());
    assertThat(byReader.hasChoices()).as(text).isEqualTo(byTree.hasChoices());
    assertThat(pieces(byReader)).as(text).isEqualTo(pieces(byTree));
  }

  private static List<String> pieces(StreamChunk chunk) {
    List<String> pieces = new ArrayList<>();
    chunk.generatedText(pieces::add);
    return pieces;
  }

  private void strict() {
    json = STRICT;
    reader = new OpenAiChunkReader(STRICT);
  }

  /** As the relay parses a chunk when it needs its tree: one JSON object, or nothing. */
  private ObjectNode tree(byte[] bytes) {
    try {
      return json.readTree(bytes) instanceof ObjectNode object ? object : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * JSON text shaped like chat chunks and answers, with what real and hostile upstreams send:
   * repeated keys, nulls and scalars where objects belong, objects where arrays belong, content as
   * part arrays, unknown keys.
   */
  private static final class ChunkText {
    private final Random random;

    ChunkText(Random random) {
      this.random = random;
    }

    String object(int depth) {
      List<String> members = new ArrayList<>();
      int n = random.nextInt(5);
      for (int i = 0; i < n; i++) {
        String key = pick("id", "object", "choices", "usage", "error", "model", "x", "choices");
        members.add(member(key, depth));
      }
      return "{" + String.join(",", members) + "}";
    }

    private String member(String key, int depth) {
      Supplier<String> value =
          switch (key) {
            case "choices" -> () -> container(this::choice);
            case "usage" -> () -> oneOf(this::usage, this::scalar);
            case "error" -> () -> oneOf(() -> "{\"message\":\"boom\"}", this::scalar);
            default ->
                depth < 2 ? () -> oneOf(this::scalar, () -> object(depth + 1)) : this::scalar;
          };
      return quote(key) + ":" + value.get();
    }

    private String choice() {
      List<String> members = new ArrayList<>();
      int n = random.nextInt(5);
      for (int i = 0; i < n; i++) {
        String key =
            pick("index", "text", "delta", "message", "finish_reason", "delta", "logprobs");
        String value =
            switch (key) {
              case "text" -> content();
              case "delta", "message" -> oneOf(this::message, this::scalar);
              default -> scalar();
            };
        members.add(quote(key) + ":" + value);
      }
      return "{" + String.join(",", members) + "}";
    }

    private String message() {
      List<String> members = new ArrayList<>();
      int n = random.nextInt(5);
      for (int i = 0; i < n; i++) {
        String key = pick("role", "content", "refusal", "tool_calls", "function_call", "content");
        String value =
            switch (key) {
              case "content", "refusal" -> content();
              case "tool_calls" -> container(this::toolCall);
              case "function_call" -> oneOf(this::function, this::scalar);
              default -> scalar();
            };
        members.add(quote(key) + ":" + value);
      }
      return "{" + String.join(",", members) + "}";
    }

    private String toolCall() {
      return oneOf(
          () ->
              "{\"index\":0,\"id\":\"call_1\",\"function\":"
                  + oneOf(this::function, this::scalar)
                  + "}",
          this::scalar);
    }

    private String function() {
      List<String> members = new ArrayList<>();
      int n = random.nextInt(4);
      for (int i = 0; i < n; i++) {
        String key = pick("name", "arguments", "other");
        members.add(quote(key) + ":" + content());
      }
      return "{" + String.join(",", members) + "}";
    }

    private String usage() {
      return "{\"prompt_tokens\":"
          + pick("12", "-1", "1.5", "\"7\"", "9223372036854775807", "3")
          + (random.nextBoolean() ? ",\"completion_tokens\":" + pick("5", "null", "0") : "")
          + (random.nextBoolean() ? ",\"total_tokens\":" + pick("17", "2") : "")
          + (random.nextBoolean()
              ? ",\"prompt_tokens_details\":{\"cached_tokens\":" + pick("2", "100", "null") + "}"
              : "")
          + "}";
    }

    private String content() {
      return oneOf(
          () -> quote(pick("Hello", " world", "", "naïve café", "a\\nb", "😀")),
          () ->
              "[{\"type\":\"text\",\"text\":"
                  + quote(pick("part", "two"))
                  + "},{\"type\":\"image\"}]",
          this::scalar);
    }

    private String container(Supplier<String> element) {
      List<String> items = new ArrayList<>();
      int n = random.nextInt(3);
      for (int i = 0; i < n; i++) {
        items.add(element.get());
      }
      return switch (random.nextInt(5)) {
        case 0 -> scalar();
        case 1 -> {
          List<String> members = new ArrayList<>();
          for (int i = 0; i < items.size(); i++) {
            members.add(quote("k" + i) + ":" + items.get(i));
          }
          yield "{" + String.join(",", members) + "}";
        }
        default -> "[" + String.join(",", items) + "]";
      };
    }

    private String scalar() {
      return pick("null", "true", "1", "\"s\"", "[]", "{}", "2.5");
    }

    @SafeVarargs
    private String oneOf(Supplier<String>... choices) {
      return choices[random.nextInt(choices.length)].get();
    }

    private String pick(String... values) {
      return values[random.nextInt(values.length)];
    }

    private static String quote(String text) {
      return "\"" + text + "\"";
    }
  }
}
