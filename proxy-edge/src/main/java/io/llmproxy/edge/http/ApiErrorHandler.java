package io.llmproxy.edge.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.llmproxy.edge.encoding.InvalidJsonText;
import io.llmproxy.edge.errors.ApiErrorWriter;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.errors.PlainWording;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.reactive.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * Last stop for every failure on every surface: the client gets the error envelope and a status,
 * never a stack trace. Unexpected failures are logged here with their cause.
 */
@Component
@Order(-2)
class ApiErrorHandler implements ErrorWebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

  private static final String UNPARSEABLE_BODY =
      "the request body could not be parsed: it must be a JSON object of the documented shape";

  private final ApiErrorWriter writer;
  private final RequestBodyLimits limits;

  ApiErrorHandler(ApiErrorWriter writer, RequestBodyLimits limits) {
    this.writer = writer;
    this.limits = limits;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
    return writer.write(exchange, translate(exchange, failure));
  }

  private ApiException translate(ServerWebExchange exchange, Throwable failure) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (hasCause(failure, DataBufferLimitException.class)) {
      return limits.limitFor(exchange).tooLarge();
    }
    if (failure instanceof ServerWebInputException input
        && hasCause(input, DecodingException.class)) {
      InvalidJsonText text = findCause(input, InvalidJsonText.class);
      if (text != null) {
        return ApiException.badRequest(text.getMessage(), null);
      }
      UnrecognizedPropertyException unknown = findCause(input, UnrecognizedPropertyException.class);
      if (unknown != null) {
        String field = fieldPath(unknown);
        return ApiException.badRequest(
            field + ": unknown field (known: " + knownFields(unknown) + ")", field);
      }
      IllegalArgumentException invalid = findCause(input, IllegalArgumentException.class);
      if (invalid != null && invalid.getMessage() != null) {
        // a request record refused a value while being built: its message names the field
        return ApiException.badRequest(
            PlainWording.or(invalid.getMessage(), UNPARSEABLE_BODY), null);
      }
      return ApiException.badRequest(UNPARSEABLE_BODY, null);
    }
    if (failure instanceof ResponseStatusException status) {
      ApiException refused =
          fromStatus(status.getStatusCode(), FrameworkRefusals.reason(exchange, status));
      for (String header : List.of(HttpHeaders.ALLOW, HttpHeaders.ACCEPT)) {
        List<String> values = status.getHeaders().get(header);
        if (values != null && !values.isEmpty()) {
          refused = refused.withHeader(header, String.join(", ", values));
        }
      }
      return refused;
    }
    log.error(
        "unhandled failure on {} {}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        failure);
    return new ApiException(
        HttpStatus.INTERNAL_SERVER_ERROR, "api_error", "internal_error", null, "internal error");
  }

  /** Where in the body the field sits, e.g. {@code limits.rmp} or {@code deployments[1].wieght}. */
  private static String fieldPath(JsonMappingException failure) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference step : failure.getPath()) {
      if (step.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
      } else if (step.getIndex() >= 0) {
        path.append('[').append(step.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String knownFields(UnrecognizedPropertyException failure) {
    return failure.getKnownPropertyIds() == null
        ? ""
        : failure.getKnownPropertyIds().stream()
            .map(String::valueOf)
            .sorted()
            .collect(Collectors.joining(", "));
  }

  private static ApiException fromStatus(HttpStatusCode code, String reason) {
    HttpStatus status = HttpStatus.resolve(code.value());
    if (status == null) {
      status = code.is5xxServerError() ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
    }
    String message = reason != null && !reason.isBlank() ? reason : status.getReasonPhrase();
    return switch (status) {
      case UNAUTHORIZED -> ApiException.unauthorized(message);
      case FORBIDDEN -> ApiException.forbidden(message);
      case NOT_FOUND ->
          new ApiException(status, "invalid_request_error", "not_found", null, message);
      case TOO_MANY_REQUESTS ->
          new ApiException(status, "rate_limit_error", "rate_limit_exceeded", null, message);
      default ->
          status.is5xxServerError()
              ? new ApiException(status, "api_error", "internal_error", null, message)
              : new ApiException(status, "invalid_request_error", null, null, message);
    };
  }

  private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
    return findCause(failure, type) != null;
  }

  private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }
}
