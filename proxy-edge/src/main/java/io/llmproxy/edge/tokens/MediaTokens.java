package io.llmproxy.edge.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upper bounds on what providers bill for media in a prompt, whose dimensions and pages the proxy
 * does not measure: each bound is the most the provider's published rule gives for the largest
 * input it accepts, so a reservation never counts an image or a document lower than its bill.
 */
final class MediaTokens {

  /** Anthropic: (width × height) / 750 for an image scaled to at most ~1.15 megapixels. */
  static final long CLAUDE_IMAGE = 1_600;

  /** gpt-4o-mini bills images at 2,833 per image plus 5,667 per 512-pixel tile. */
  static final long GPT_4O_MINI_LOW_DETAIL_IMAGE = 2_833;

  static final long GPT_4O_MINI_IMAGE = 2_833 + 8 * 5_667;

  /**
   * Every other model: OpenAI's tile rule gives at most 85 + 170 × 8 tiles (a 768 × 2048 image) and
   * its patch rule at most 1,536 patches × 2.46 (gpt-4.1-nano); Gemini's 258 per 768-pixel tile
   * stays under it up to 14 tiles.
   */
  static final long OTHER_IMAGE = 3_800;

  /** A PDF page is billed as its extracted text plus an image of the page. */
  static final long PDF_PAGE_TEXT = 3_000;

  /** Compressed audio at 8 kbit/s is ~1 KB a second, which no model bills at 64 tokens. */
  static final long AUDIO_BYTES_PER_TOKEN = 16;

  private static final Pattern PAGE = Pattern.compile("/Type\\s*/Page(?![a-zA-Z])");

  private MediaTokens() {}

  /** An {@code image_url} content part. */
  static long image(String model, JsonNode part) {
    String name = model == null ? "" : model.toLowerCase(Locale.ROOT);
    JsonNode imageUrl = part.path("image_url");
    boolean lowDetail = "low".equals(imageUrl.path("detail").asText());
    if (name.contains("claude")) {
      return CLAUDE_IMAGE;
    }
    if (name.startsWith("gpt-4o-mini")) {
      return lowDetail ? GPT_4O_MINI_LOW_DETAIL_IMAGE : GPT_4O_MINI_IMAGE;
    }
    return OTHER_IMAGE;
  }

  /**
   * A {@code file} content part (a PDF as a base64 data URI): every page at the page bound, and
   * never less than one token per byte, for PDFs whose page objects are compressed out of sight.
   */
  static long document(String model, JsonNode part) {
    String data = part.path("file").path("file_data").asText("");
    byte[] bytes = decoded(data);
    long pages = 0;
    Matcher page = PAGE.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
    while (page.find()) {
      pages++;
    }
    long perPage = PDF_PAGE_TEXT + image(model, part);
    return Math.max(Math.max(pages, 1) * perPage, bytes.length);
  }

  /** An {@code input_audio} content part. */
  static long audio(JsonNode part) {
    String data = part.path("input_audio").path("data").asText("");
    return base64Length(data) / AUDIO_BYTES_PER_TOKEN + 1;
  }

  private static byte[] decoded(String data) {
    int comma = data.startsWith("data:") ? data.indexOf(',') : -1;
    String payload = comma >= 0 ? data.substring(comma + 1) : data;
    try {
      return Base64.getMimeDecoder().decode(payload);
    } catch (IllegalArgumentException notBase64) {
      // the provider refuses what is not base64; its length is still a bound on what it holds
      return payload.getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  private static long base64Length(String data) {
    return (long) data.length() * 3 / 4;
  }
}
