package io.llmproxy.edge.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content of one OpenAI chat message as Anthropic content blocks: text, images, PDF files, tool
 * calls and tool results. {@code param} arguments name the message for error messages, in OpenAI's
 * notation ({@code messages[2].content[0]}).
 */
final class ChatContent {

  private static final Pattern DATA_URI =
      Pattern.compile("data:([\\w.+-]+/[\\w.+-]+)((?:;[^;,]*)*);base64,(.*)", Pattern.DOTALL);

  private final ObjectMapper json;

  ChatContent(ObjectMapper json) {
    this.json = json;
  }

  /** A system or developer message: only text can go into Anthropic's {@code system}. */
  ArrayNode systemBlocks(JsonNode content, String param) {
    ArrayNode blocks = json.createArrayNode();
    if (content.isTextual()) {
      addText(blocks, content.asText(), null);
      return blocks;
    }
    requireArray(content, param);
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      if (!"text".equals(part.path("type").asText())) {
        throw Refusals.invalid(
            param + "[" + i + "]", "System and developer messages may only contain text parts.");
      }
      addText(blocks, text(part, param + "[" + i + "]"), part.get("cache_control"));
    }
    return blocks;
  }

  ArrayNode userBlocks(JsonNode content, String param) {
    ArrayNode blocks = json.createArrayNode();
    if (content.isTextual()) {
      addText(blocks, content.asText(), null);
      return blocks;
    }
    requireArray(content, param);
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      String partParam = param + "[" + i + "]";
      switch (part.path("type").asText()) {
        case "text" -> addText(blocks, text(part, partParam), part.get("cache_control"));
        case "image_url" -> blocks.add(image(part, partParam));
        case "file" -> blocks.add(document(part, partParam));
        case "input_audio" -> throw Refusals.unsupported(partParam, "Audio input");
        default ->
            throw Refusals.invalid(
                partParam, "Unknown content part type '" + part.path("type").asText() + "'.");
      }
    }
    return blocks;
  }

  /**
   * An assistant turn of the history: its text (empty text is left out, Anthropic refuses empty
   * text blocks) and its tool calls, whose JSON arguments become the tool input object.
   */
  ArrayNode assistantBlocks(JsonNode message, String param) {
    ArrayNode blocks = json.createArrayNode();
    JsonNode content = message.path("content");
    if (content.isTextual()) {
      addText(blocks, content.asText(), null);
    } else if (content.isArray()) {
      for (int i = 0; i < content.size(); i++) {
        JsonNode part = content.get(i);
        String type = part.path("type").asText();
        if (!"text".equals(type) && !"refusal".equals(type)) {
          throw Refusals.invalid(
              param + ".content[" + i + "]",
              "Assistant messages may only contain text and refusal parts.");
        }
        addText(blocks, part.path(type).asText(""), part.get("cache_control"));
      }
    } else if (!content.isMissingNode() && !content.isNull()) {
      throw Refusals.invalid(param + ".content", "'content' must be a string or an array.");
    }
    JsonNode calls = message.path("tool_calls");
    for (int i = 0; i < calls.size(); i++) {
      blocks.add(toolUse(calls.get(i), param + ".tool_calls[" + i + "]"));
    }
    return blocks;
  }

  /** A {@code tool} message: the result of one tool call, sent back in a user turn. */
  ObjectNode toolResult(JsonNode message, String param) {
    JsonNode id = message.path("tool_call_id");
    if (!id.isTextual() || id.asText().isEmpty()) {
      throw Refusals.invalid(param + ".tool_call_id", "Tool messages need a 'tool_call_id'.");
    }
    ObjectNode block = json.createObjectNode();
    block.put("type", "tool_result");
    block.put("tool_use_id", id.asText());
    JsonNode content = message.path("content");
    if (content.isTextual()) {
      block.put("content", content.asText());
    } else if (content.isArray()) {
      ArrayNode parts = block.putArray("content");
      for (int i = 0; i < content.size(); i++) {
        JsonNode part = content.get(i);
        if (!"text".equals(part.path("type").asText())) {
          throw Refusals.invalid(
              param + ".content[" + i + "]", "Tool messages may only contain text parts.");
        }
        addText(parts, text(part, param + ".content[" + i + "]"), part.get("cache_control"));
      }
    } else if (!content.isMissingNode() && !content.isNull()) {
      throw Refusals.invalid(param + ".content", "'content' must be a string or an array.");
    }
    return block;
  }

  private ObjectNode toolUse(JsonNode call, String param) {
    JsonNode function = call.path("function");
    if (!function.path("name").isTextual() || !call.path("id").isTextual()) {
      throw Refusals.invalid(param, "Tool calls need an 'id' and a 'function.name'.");
    }
    ObjectNode block = json.createObjectNode();
    block.put("type", "tool_use");
    block.put("id", call.path("id").asText());
    block.put("name", function.path("name").asText());
    block.set("input", arguments(function.path("arguments"), param + ".function.arguments"));
    return block;
  }

  /** OpenAI sends arguments as JSON text; Anthropic wants the object itself. */
  private JsonNode arguments(JsonNode arguments, String param) {
    if (arguments.isMissingNode() || arguments.isNull() || arguments.asText().isBlank()) {
      return json.createObjectNode();
    }
    if (arguments.isObject()) {
      return arguments;
    }
    try {
      JsonNode parsed = json.readTree(arguments.asText());
      if (parsed instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      // reported below with the parameter's name
    }
    throw Refusals.invalid(param, "Tool call arguments must be a JSON object.");
  }

  private ObjectNode image(JsonNode part, String param) {
    JsonNode imageUrl = part.path("image_url");
    String url = imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText("");
    ObjectNode block = json.createObjectNode();
    block.put("type", "image");
    block.set("source", source(url, param + ".image_url.url"));
    copyCacheControl(part, block);
    return block;
  }

  /** Anthropic takes PDFs inline; OpenAI's uploaded file ids mean nothing to it. */
  private ObjectNode document(JsonNode part, String param) {
    JsonNode file = part.path("file");
    if (file.has("file_id")) {
      throw Refusals.unsupported(param + ".file.file_id", "A file id from OpenAI's Files API");
    }
    String data = file.path("file_data").asText("");
    ObjectNode source = source(data, param + ".file.file_data");
    if (!"base64".equals(source.path("type").asText())
        || !"application/pdf".equals(source.path("media_type").asText())) {
      throw Refusals.invalid(
          param + ".file.file_data", "Files must be PDFs sent as a base64 data: URI.");
    }
    ObjectNode block = json.createObjectNode();
    block.put("type", "document");
    block.set("source", source);
    if (file.path("filename").isTextual()) {
      block.put("title", file.path("filename").asText());
    }
    copyCacheControl(part, block);
    return block;
  }

  /** A {@code data:…;base64,} URI becomes an inline source, an http(s) URL a url source. */
  private ObjectNode source(String url, String param) {
    ObjectNode source = json.createObjectNode();
    Matcher data = DATA_URI.matcher(url);
    if (data.matches()) {
      source.put("type", "base64");
      source.put("media_type", data.group(1).toLowerCase(Locale.ROOT));
      source.put("data", data.group(3));
      return source;
    }
    if (url.startsWith("https://") || url.startsWith("http://")) {
      source.put("type", "url");
      source.put("url", url);
      return source;
    }
    throw Refusals.invalid(param, "Expected an http(s) URL or a base64 data: URI.");
  }

  private static String text(JsonNode part, String param) {
    JsonNode text = part.path("text");
    if (!text.isTextual()) {
      throw Refusals.invalid(param + ".text", "Text parts need a string 'text'.");
    }
    return text.asText();
  }

  private static void requireArray(JsonNode content, String param) {
    if (!content.isArray()) {
      throw Refusals.invalid(param, "'content' must be a string or an array of content parts.");
    }
  }

  private void addText(ArrayNode blocks, String text, JsonNode cacheControl) {
    if (text.isEmpty()) {
      return;
    }
    ObjectNode block = blocks.addObject();
    block.put("type", "text");
    block.put("text", text);
    if (cacheControl != null && cacheControl.isObject()) {
      block.set("cache_control", cacheControl);
    }
  }

  /** Clients that know the upstream is Claude mark prompt-cache breakpoints the Anthropic way. */
  private static void copyCacheControl(JsonNode part, ObjectNode block) {
    JsonNode cacheControl = part.get("cache_control");
    if (cacheControl != null && cacheControl.isObject()) {
      block.set("cache_control", cacheControl);
    }
  }
}
