package io.llmproxy.edge.http;

import io.llmproxy.edge.errors.PlainWording;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * The refusals Spring makes before a handler runs (wrong method, content type or Accept header, an
 * unreadable parameter), worded for the client. Spring's own reasons are written for the server's
 * developers and name the Java type a body was to be read into.
 */
final class FrameworkRefusals {

  private FrameworkRefusals() {}

  static String reason(ServerWebExchange exchange, ResponseStatusException refusal) {
    if (refusal instanceof UnsupportedMediaTypeStatusException unsupported) {
      MediaType sent = unsupported.getContentType();
      return (sent == null
              ? "The request has no Content-Type"
              : "Content type '" + sent + "' is not accepted here")
          + "; send "
          + types(unsupported.getSupportedMediaTypes(), "application/json")
          + ".";
    }
    if (refusal instanceof NotAcceptableStatusException notAcceptable) {
      return "This endpoint cannot answer in a type the Accept header allows; it answers "
          + types(notAcceptable.getSupportedMediaTypes(), "application/json")
          + ".";
    }
    if (refusal instanceof MethodNotAllowedException notAllowed) {
      String allowed =
          notAllowed.getSupportedMethods().stream()
              .map(HttpMethod::name)
              .sorted()
              .collect(Collectors.joining(", "));
      return "Method "
          + exchange.getRequest().getMethod().name()
          + " is not allowed on this path"
          + (allowed.isEmpty() ? "." : "; allowed: " + allowed + ".");
    }
    String plain =
        refusal.getStatusCode().is4xxClientError()
            ? "The request is not in a form this endpoint accepts."
            : null;
    return PlainWording.or(refusal.getReason(), plain);
  }

  /**
   * The concrete types in {@code types}, or {@code fallback} when none is; JSON alone when it is
   * among them (the JSON decoder also lists its streaming variants, which no endpoint here takes).
   */
  private static String types(List<MediaType> types, String fallback) {
    if (types.stream().anyMatch(MediaType.APPLICATION_JSON::equalsTypeAndSubtype)) {
      return "application/json";
    }
    String listed =
        types.stream()
            .filter(type -> !type.isWildcardType() && !type.isWildcardSubtype())
            .filter(type -> !type.getSubtype().contains("*"))
            .map(type -> type.getType() + "/" + type.getSubtype())
            .distinct()
            .collect(Collectors.joining(" or "));
    return listed.isEmpty() ? fallback : listed;
  }
}
