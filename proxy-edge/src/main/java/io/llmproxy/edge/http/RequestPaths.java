package io.llmproxy.edge.http;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.server.ServerWebExchange;

/**
 * The request path as the handler mappings see it: each segment percent-decoded and stripped of its
 * path parameters. Anything that decides by path (error shape, size limit, which credential to
 * read) must use this form, or {@code /%61dmin} and {@code /admin;x} mean one thing to the decision
 * and another to the handler that answers.
 */
public final class RequestPaths {

  private static final String DECODED = RequestPaths.class.getName() + ".decoded";

  /** A decoded path and the request path it was decoded from. */
  private record Decoded(RequestPath from, String path) {}

  private RequestPaths() {}

  /**
   * Several filters ask for it on every request, so it is kept on the exchange; a mutated exchange
   * shares the attributes but may carry another path, hence the check that it is the same one.
   */
  public static String decoded(ServerWebExchange exchange) {
    RequestPath requestPath = exchange.getRequest().getPath();
    if (exchange.getAttribute(DECODED) instanceof Decoded known && known.from() == requestPath) {
      return known.path();
    }
    String path = decode(requestPath);
    exchange.getAttributes().put(DECODED, new Decoded(requestPath, path));
    return path;
  }

  private static String decode(RequestPath requestPath) {
    StringBuilder path = new StringBuilder();
    for (PathContainer.Element element : requestPath.pathWithinApplication().elements()) {
      path.append(
          element instanceof PathContainer.PathSegment segment
              ? segment.valueToMatch()
              : element.value());
    }
    return path.toString();
  }

  /** Whether the decoded path is {@code prefix} itself or lies below it. */
  public static boolean isUnder(String decodedPath, String prefix) {
    return decodedPath.equals(prefix) || decodedPath.startsWith(prefix + "/");
  }
}
