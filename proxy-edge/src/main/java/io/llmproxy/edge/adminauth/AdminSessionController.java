package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.errors.ApiException;
import java.net.InetSocketAddress;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Exchanges an administrator's credentials for a short-lived JWT. */
@RestController
@PreAuthorize("permitAll()")
class AdminSessionController {

  static final String SESSION_PATH = "/admin/session";

  private static final int MAX_FIELD_LENGTH = 256;

  private final AdminAccounts accounts;
  private final AdminTokens tokens;
  private final LoginThrottle throttle;

  AdminSessionController(AdminAccounts accounts, AdminTokens tokens, LoginThrottle throttle) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.throttle = throttle;
  }

  @PostMapping(SESSION_PATH)
  Mono<SessionResponse> createSession(
      @RequestBody SessionRequest request, ServerHttpRequest httpRequest) {
    String username = request.username();
    String password = request.password();
    if (username == null || password == null || username.isEmpty() || password.isEmpty()) {
      throw ApiException.badRequest("username and password are required", null);
    }
    if (username.length() > MAX_FIELD_LENGTH || password.length() > MAX_FIELD_LENGTH) {
      throw invalidCredentials();
    }
    throttle.admit(username, clientAddress(httpRequest));
    // password hashing is deliberately slow, so it stays off the event loop
    return Mono.fromCallable(() -> accounts.authenticate(username, password))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            role -> {
              if (role.isEmpty()) {
                throw invalidCredentials();
              }
              throttle.succeeded(username, clientAddress(httpRequest));
              AdminTokens.IssuedToken issued = tokens.issue(username, role.get());
              return new SessionResponse(
                  issued.token(), "Bearer", issued.expiresInSeconds(), role.get().claim());
            });
  }

  /**
   * The peer's address. X-Forwarded-For is not read here: any client can send it. Behind a trusted
   * reverse proxy, {@code server.forward-headers-strategy=framework} makes the peer the forwarded
   * client.
   */
  private static String clientAddress(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    if (remote == null) {
      return "unknown";
    }
    return remote.getAddress() != null
        ? remote.getAddress().getHostAddress()
        : remote.getHostString();
  }

  private static ApiException invalidCredentials() {
    return ApiException.unauthorized("invalid_credentials", "invalid username or password");
  }
}
