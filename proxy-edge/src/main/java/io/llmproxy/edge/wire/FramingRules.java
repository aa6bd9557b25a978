package io.llmproxy.edge.wire;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a request's body may be framed (RFC 9112 section 6): by exactly one {@code Content-Length} of
 * plain digits, or by {@code Transfer-Encoding: chunked} alone, or not at all. Anything a front
 * proxy could read differently from this server (both headers, another or a repeated coding, a list
 * of lengths) is refused rather than guessed at.
 */
final class FramingRules {

  // no sign, no leading zero, and short enough to be a long
  private static final Pattern LENGTH = Pattern.compile("0|[1-9][0-9]{0,17}");

  private FramingRules() {}

  /** Why {@code request} is refused, or null when its framing is sound. */
  static String problem(HttpRequest request) {
    HttpHeaders headers = request.headers();
    List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
    if (!codings.isEmpty()) {
      if (!lengths.isEmpty()) {
        return "Content-Length and Transfer-Encoding may not both be sent";
      }
      if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        return "Transfer-Encoding is not defined for HTTP/1.0";
      }
      if (codings.size() > 1) {
        return "Transfer-Encoding may be sent only once";
      }
      if (!codings.get(0).strip().equalsIgnoreCase("chunked")) {
        return "the only transfer coding accepted is chunked";
      }
      return null;
    }
    if (lengths.size() > 1) {
      return "Content-Length may be sent only once";
    }
    if (lengths.size() == 1 && !LENGTH.matcher(lengths.get(0).strip()).matches()) {
      return "Content-Length must be a plain decimal number";
    }
    return null;
  }

  static boolean chunked(HttpRequest request) {
    return request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
  }

  /** The announced body length; only for a request {@link #problem} found sound. */
  static long length(HttpRequest request) {
    String length = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
    return length == null ? 0 : Long.parseLong(length.strip());
  }
}
