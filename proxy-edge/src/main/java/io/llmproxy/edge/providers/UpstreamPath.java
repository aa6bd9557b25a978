package io.llmproxy.edge.providers;

import java.nio.charset.StandardCharsets;
import org.springframework.web.util.UriUtils;

/**
 * A path (and query) below a provider's API root. Fixed parts come from code; each value from a
 * route is encoded as exactly one path segment, so no stored name can add a segment, climb with
 * {@code ..}, start a query or fragment, or be read as a URI template variable.
 */
public final class UpstreamPath {

  private final String encoded;

  private UpstreamPath(String encoded) {
    this.encoded = encoded;
  }

  /** A path written in code, such as {@code /chat/completions}: taken as it is. */
  public static UpstreamPath of(String fixedPath) {
    return new UpstreamPath(fixedPath);
  }

  /** This path followed by a fixed part written in code. */
  public UpstreamPath then(String fixedPath) {
    return new UpstreamPath(encoded + fixedPath);
  }

  /** This path followed by {@code value} as one segment, whatever characters it holds. */
  public UpstreamPath segment(String value) {
    return new UpstreamPath(encoded + "/" + encodeSegment(value));
  }

  /** This path with the query parameter {@code name=value} added. */
  public UpstreamPath query(String name, String value) {
    String separator = encoded.contains("?") ? "&" : "?";
    return new UpstreamPath(
        encoded
            + separator
            + UriUtils.encodeQueryParam(name, StandardCharsets.UTF_8)
            + "="
            + UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8));
  }

  /** The path as it goes on the wire, every value percent-encoded. */
  public String encoded() {
    return encoded;
  }

  @Override
  public String toString() {
    return encoded;
  }

  private static String encodeSegment(String value) {
    String segment = UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
    // "." and ".." are valid segment characters but would be resolved as steps by the server
    return segment.isEmpty() || segment.chars().allMatch(c -> c == '.')
        ? segment.replace(".", "%2E")
        : segment;
  }
}
