package io.llmproxy.edge.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.kernel.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One streamed chunk in OpenAI's shape: {@link #data} is the JSON text to relay as is, {@link
 * #json} the same chunk parsed. A chunk relayed from an OpenAI-compatible upstream arrives with
 * what the relay reads of it ({@link Facts}) and is parsed only when a front door needs its tree:
 * the OpenAI door never does, so a frame costs one scan instead of a tree per chunk.
 */
public final class StreamChunk {

  /**
   * What the relay and the OpenAI door read of a chunk: whether it carries a {@code usage} object
   * and the usage in it, whether it has choices, and its generated text in the order {@link
   * UsageEstimator#appendGeneratedText} passes it.
   */
  public record Facts(
      boolean carriesUsage, Optional<TokenUsage> usage, boolean hasChoices, List<String> text) {}

  private final byte[] data;
  private final Function<byte[], ObjectNode> parser;
  private ObjectNode json;
  private Facts facts;

  private StreamChunk(
      byte[] data, ObjectNode json, Facts facts, Function<byte[], ObjectNode> parser) {
    this.data = data;
    this.json = json;
    this.facts = facts;
    this.parser = parser;
  }

  /** A chunk the proxy built (translated from another API), with its JSON text. */
  public static StreamChunk of(String data, ObjectNode json) {
    return new StreamChunk(data.getBytes(StandardCharsets.UTF_8), json, null, null);
  }

  /** A chunk relayed as the upstream sent it, read already; {@code parser} builds its tree. */
  public static StreamChunk relayed(byte[] data, Facts facts, Function<byte[], ObjectNode> parser) {
    return new StreamChunk(data, null, facts, parser);
  }

  /** The chunk's JSON text, UTF-8. */
  public byte[] data() {
    return data;
  }

  /** The chunk parsed. */
  public ObjectNode json() {
    if (json == null) {
      json = parser.apply(data);
    }
    return json;
  }

  public boolean carriesUsage() {
    return facts().carriesUsage();
  }

  /** The provider's usage, when this chunk reports it. */
  public Optional<TokenUsage> usage() {
    return facts().usage();
  }

  public boolean hasChoices() {
    return facts().hasChoices();
  }

  /** Passes the chunk's generated text to {@code text}, piece by piece. */
  public void generatedText(Consumer<String> text) {
    facts().text().forEach(text);
  }

  private Facts facts() {
    if (facts == null) {
      ObjectNode tree = json();
      JsonNode choices = tree.path("choices");
      List<String> text = new ArrayList<>(2);
      UsageEstimator.appendGeneratedText(tree, text::add);
      boolean carriesUsage = tree.path("usage").isObject();
      facts =
          new Facts(
              carriesUsage,
              carriesUsage ? OpenAiUsage.in(tree) : Optional.empty(),
              choices.isArray() && !choices.isEmpty(),
              text);
    }
    return facts;
  }
}
