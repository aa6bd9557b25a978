package io.llmproxy.edge.http;

import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;

/**
 * The request path as the handler mappings see it: each segment percent-decoded and stripped of its
 * path parameters. Anything that decides by path (error shape, size limit, which credential to
 * read) must use this form, or {@code /%61dmin} and {@code /admin;x} mean one thing to the decision
 * and another to the handler that answers.
 */
public final class RequestPaths {

  private RequestPaths() {}

  public static String decoded(ServerWebExchange exchange) {
    StringBuilder path = new StringBuilder();
    for (PathContainer.Element element :
        exchange.getRequest().getPath().pathWithinApplication().elements()) {
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
