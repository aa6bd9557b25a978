package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.errors.ApiException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Exchanges the administrator's credentials for a short-lived JWT. */
@RestController
class AdminSessionController {

  private static final int MAX_FIELD_LENGTH = 256;

  private final BootstrapAdmin admin;
  private final AdminTokens tokens;

  AdminSessionController(BootstrapAdmin admin, AdminTokens tokens) {
    this.admin = admin;
    this.tokens = tokens;
  }

  @PostMapping(AdminAuthFilter.SESSION_PATH)
  Mono<SessionResponse> createSession(@RequestBody SessionRequest request) {
    String username = request.username();
    String password = request.password();
    if (username == null || password == null || username.isEmpty() || password.isEmpty()) {
      throw ApiException.badRequest("username and password are required", null);
    }
    if (username.length() > MAX_FIELD_LENGTH || password.length() > MAX_FIELD_LENGTH) {
      throw ApiException.unauthorized("invalid_credentials", "invalid username or password");
    }
    // password hashing is deliberately slow, so it stays off the event loop
    return Mono.fromCallable(() -> admin.matches(username, password))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            ok -> {
              if (!ok) {
                throw ApiException.unauthorized(
                    "invalid_credentials", "invalid username or password");
              }
              AdminTokens.IssuedToken issued = tokens.issue(admin.username(), AdminRole.ADMIN);
              return new SessionResponse(
                  issued.token(), "Bearer", issued.expiresInSeconds(), "admin");
            });
  }
}
