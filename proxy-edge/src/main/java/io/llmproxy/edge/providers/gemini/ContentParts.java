package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of one OpenAI message's {@code content} as Gemini {@code Part}s: text, images ({@code
 * image_url}), audio ({@code input_audio}) and inline files ({@code file.file_data}).
 */
final class ContentParts {

  /** Media types by file extension, for URLs: Gemini needs the type, and a URL rarely says it. */
  private static final Map<String, String> BY_EXTENSION =
      Map.of(
          "png", "image/png",
          "jpg", "image/jpeg",
          "jpeg", "image/jpeg",
          "webp", "image/webp",
          "gif", "image/gif",
          "heic", "image/heic",
          "heif", "image/heif",
          "pdf", "application/pdf");

  private ContentParts() {}

  /**
   * Gemini parts for {@code content} (a string, null, or an array of typed parts); {@code param}
   * locates it in the request for error messages. Only text is allowed where {@code textOnly}.
   */
  static ArrayNode of(JsonNode content, String param, boolean textOnly) {
    ArrayNode parts = JsonNodeFactory.instance.arrayNode();
    if (content.isTextual()) {
      if (!content.asText().isEmpty()) {
        parts.addObject().put("text", content.asText());
      }
      return parts;
    }
    if (content.isNull() || content.isMissingNode()) {
      return parts;
    }
    if (!content.isArray()) {
      throw GeminiErrors.invalid("'" + param + "' must be a string or an array of parts.", param);
    }
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      String where = param + "[" + i + "]";
      String type = part.path("type").asText("");
      if ("text".equals(type) || "refusal".equals(type)) {
        String field = "text".equals(type) ? "text" : "refusal";
        if (!part.path(field).isTextual()) {
          throw GeminiErrors.invalid("'" + where + "." + field + "' must be a string.", where);
        }
        parts.addObject().put("text", part.path(field).asText());
      } else if (textOnly) {
        throw GeminiErrors.unsupported(
            "Only text parts are supported in '" + param + "' for Gemini, not '" + type + "'.",
            where);
      } else {
        parts.add(media(part, type, where));
      }
    }
    return parts;
  }

  private static ObjectNode media(JsonNode part, String type, String where) {
    return switch (type) {
      case "image_url" -> {
        JsonNode image = part.path("image_url");
        JsonNode url = image.isTextual() ? image : image.path("url");
        if (!url.isTextual()) {
          throw GeminiErrors.invalid("'" + where + ".image_url.url' must be a string.", where);
        }
        yield url(url.asText(), where);
      }
      case "input_audio" -> {
        JsonNode audio = part.path("input_audio");
        String format = audio.path("format").asText("");
        if (!audio.path("data").isTextual() || !(format.equals("wav") || format.equals("mp3"))) {
          throw GeminiErrors.invalid(
              "'" + where + ".input_audio' needs base64 'data' and a 'format' of wav or mp3.",
              where);
        }
        yield inline("audio/" + format, audio.path("data").asText());
      }
      case "file" -> {
        JsonNode file = part.path("file");
        if (!file.path("file_data").isTextual()) {
          throw GeminiErrors.unsupported(
              "Files must be sent inline as 'file_data' (a data: URL) for Gemini; 'file_id'"
                  + " refers to OpenAI's file store.",
              where);
        }
        yield dataUrl(file.path("file_data").asText(), where);
      }
      default ->
          throw GeminiErrors.unsupported(
              "Content parts of type '" + type + "' are not supported for Gemini.", where);
    };
  }

  /**
   * A {@code data:} URL travels inline; an {@code http(s)} URL as {@code fileData}, which Gemini
   * fetches itself (Files API URIs included) and which needs the media type, guessed from the
   * path's extension.
   */
  private static ObjectNode url(String url, String where) {
    if (url.startsWith("data:")) {
      return dataUrl(url, where);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw GeminiErrors.invalid("'" + where + "' is not a valid URL.", where);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw GeminiErrors.unsupported(
          "Image URLs must be data:, http: or https: URLs for Gemini.", where);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    int dot = path.lastIndexOf('.');
    String mimeType =
        dot < 0 ? null : BY_EXTENSION.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    if (mimeType == null) {
      throw GeminiErrors.unsupported(
          "Gemini needs the media type of an image URL, and this one's path does not end in a"
              + " known extension (.png, .jpg, .jpeg, .webp, .gif, .heic, .heif, .pdf); send the"
              + " image as a data: URL instead.",
          where);
    }
    ObjectNode part = JsonNodeFactory.instance.objectNode();
    part.putObject("fileData").put("mimeType", mimeType).put("fileUri", url);
    return part;
  }

  /** {@code data:<media type>;base64,<data>}, the only data URL form that carries binary. */
  private static ObjectNode dataUrl(String url, String where) {
    int comma = url.indexOf(',');
    String header = comma < 0 ? "" : url.substring("data:".length(), comma);
    if (!url.startsWith("data:") || !header.endsWith(";base64") || header.length() <= 7) {
      throw GeminiErrors.invalid(
          "'" + where + "' must be a base64 data URL (data:<media type>;base64,<data>).", where);
    }
    String mimeType = header.substring(0, header.length() - ";base64".length());
    int parameters = mimeType.indexOf(';');
    if (parameters >= 0) {
      mimeType = mimeType.substring(0, parameters);
    }
    return inline(mimeType, url.substring(comma + 1));
  }

  private static ObjectNode inline(String mimeType, String base64) {
    ObjectNode part = JsonNodeFactory.instance.objectNode();
    part.putObject("inlineData").put("mimeType", mimeType).put("data", base64);
    return part;
  }
}
