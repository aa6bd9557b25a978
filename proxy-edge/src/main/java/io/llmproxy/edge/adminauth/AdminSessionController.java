package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.kernel.sessions.EndAdminSessions;
import io.llmproxy.kernel.sessions.SignOutAdminSession;
import io.llmproxy.kernel.users.EndAdminUserSessions;
import java.net.InetSocketAddress;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Exchanges an administrator's credentials for a short-lived JWT, and ends sessions before their
 * tokens expire: the presented one, or every one of its administrator.
 */
@RestController
@PreAuthorize("permitAll()")
class AdminSessionController {

  static final String SESSION_PATH = "/admin/session";

  static final String SIGNED_OUT_EVERYWHERE = "signed out everywhere";

  private static final int MAX_FIELD_LENGTH = 256;

  private final AdminAccounts accounts;
  private final AdminTokens tokens;
  private final LoginThrottle throttle;
  private final AdminAccessReadiness readiness;
  private final CommandGateway commands;

  AdminSessionController(
      AdminAccounts accounts,
      AdminTokens tokens,
      LoginThrottle throttle,
      AdminAccessReadiness readiness,
      CommandGateway commands) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.throttle = throttle;
    this.readiness = readiness;
    this.commands = commands;
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
    if (!readiness.isReady()) {
      throw AdminAccessReadiness.startingUp();
    }
    throttle.admit(username, clientAddress(httpRequest));
    // password hashing is deliberately slow, so it stays off the event loop
    return Mono.fromCallable(() -> accounts.authenticate(username, password))
        .subscribeOn(Schedulers.boundedElastic())
        .map(
            grant -> {
              if (grant.isEmpty()) {
                throw invalidCredentials();
              }
              throttle.succeeded(username, clientAddress(httpRequest));
              AdminAccounts.Grant granted = grant.get();
              AdminTokens.IssuedToken issued =
                  tokens.issue(username, granted.role(), granted.generation());
              return new SessionResponse(
                  issued.token(), "Bearer", issued.expiresInSeconds(), granted.role().claim());
            });
  }

  /**
   * Signs out: the presented token is refused from now on, on every node within a registry poll,
   * and responses still streaming to it end. With {@code everywhere=true} every session of its
   * administrator ends the same way.
   */
  @DeleteMapping(SESSION_PATH)
  @PreAuthorize("hasRole('VIEWER')")
  Mono<ResponseEntity<Void>> endSession(
      @RequestParam(name = "everywhere", required = false) String everywhere) {
    boolean all = flag(everywhere);
    return ReactiveSecurityContextHolder.getContext()
        .map(SecurityContext::getAuthentication)
        .cast(AdminAuthentication.class)
        .flatMap(
            authentication -> send(endCommand(authentication.getPrincipal(), all), authentication))
        .thenReturn(ResponseEntity.noContent().build());
  }

  private Object endCommand(AdminPrincipal principal, boolean everywhere) {
    String username = principal.subject();
    if (!everywhere) {
      return new SignOutAdminSession(username, principal.sessionId(), principal.expiresAt());
    }
    return accounts.isBootstrap(username)
        ? new EndAdminSessions(username, SIGNED_OUT_EVERYWHERE)
        : new EndAdminUserSessions(username, SIGNED_OUT_EVERYWHERE);
  }

  /** Axon's local command bus runs the handler and its transaction on the sending thread. */
  private Mono<Void> send(Object command, AdminAuthentication caller) {
    return Mono.fromFuture(
            () ->
                commands.send(
                    GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(caller.actor().metaData())))
        .subscribeOn(Schedulers.boundedElastic())
        .then();
  }

  private static boolean flag(String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw ApiException.badRequest("everywhere must be true or false", "everywhere");
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
