package io.llmproxy.edge.access;

import io.llmproxy.edge.errors.ApiErrorWriter;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.http.RequestPaths;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Every refusal the security chain makes, written in the error shape of the API that was called.
 * Outside the API surfaces a refused path answers 404, as a missing dashboard file would: what is
 * not served should not be told apart from what does not exist.
 */
@Component
public class AccessRefusals {

  private static final String[] API_PREFIXES = {"/v1", "/admin", "/api", "/actuator"};

  private final ApiErrorWriter errors;

  AccessRefusals(ApiErrorWriter errors) {
    this.errors = errors;
  }

  /** An anonymous caller reached a rule that needs a principal. */
  public ServerAuthenticationEntryPoint entryPoint() {
    return (exchange, failure) -> errors.write(exchange, unauthenticated(exchange, failure));
  }

  /** A presented credential was refused. */
  public ServerAuthenticationFailureHandler failureHandler() {
    return (filterExchange, failure) -> {
      ServerWebExchange exchange = filterExchange.getExchange();
      return errors.write(exchange, unauthenticated(exchange, failure));
    };
  }

  /** An authenticated caller lacks the authority the route needs. */
  public ServerAccessDeniedHandler deniedHandler() {
    return (exchange, denied) -> errors.write(exchange, denied(exchange));
  }

  /** The firewall refused the request's form: an ambiguous path, method, host or header. */
  public ServerExchangeRejectedHandler rejectedHandler() {
    return (exchange, rejected) ->
        errors.write(
            exchange,
            ApiException.badRequest(
                "The request's path or headers are not in a form this server accepts.", null));
  }

  /** The answer to a missing or refused admin token. */
  public static ApiException invalidAdminToken() {
    return ApiException.unauthorized(
            "invalid_token", "a valid admin token is required (POST /admin/session)")
        .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
  }

  private static ApiException unauthenticated(
      ServerWebExchange exchange, AuthenticationException failure) {
    if (failure instanceof RefusedCredentials refused) {
      return refused.answer();
    }
    String path = RequestPaths.decoded(exchange);
    if (RequestPaths.isUnder(path, "/v1")) {
      return ApiException.unauthorized(
          "You didn't provide an API key. Send it as 'Authorization: Bearer sk-llmp-...'.");
    }
    if (RequestPaths.isUnder(path, "/admin") || RequestPaths.isUnder(path, "/api")) {
      return invalidAdminToken();
    }
    if (RequestPaths.isUnder(path, "/actuator")) {
      return ApiException.unauthorized("invalid_token", "this endpoint needs its bearer token")
          .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return notFound();
  }

  private static ApiException denied(ServerWebExchange exchange) {
    String path = RequestPaths.decoded(exchange);
    if (RequestPaths.isUnder(path, "/admin")) {
      return ApiException.forbidden("this operation needs the admin role");
    }
    for (String prefix : API_PREFIXES) {
      if (RequestPaths.isUnder(path, prefix)) {
        return ApiException.forbidden("this credential may not call this endpoint");
      }
    }
    return notFound();
  }

  private static ApiException notFound() {
    return new ApiException(
        HttpStatus.NOT_FOUND, "invalid_request_error", "not_found", null, "Not found.");
  }
}
