package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.errors.ApiErrorWriter;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.http.BearerCredentials;
import io.llmproxy.kernel.audit.Actor;
import io.llmproxy.kernel.users.AdminRole;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards {@code /admin/**} (role admin) and {@code /api/**} (role viewer or admin) with a bearer
 * JWT. The session endpoint is the one way in without a token. Each request is judged by the rights
 * its administrator holds now, so disabling or demoting a user takes effect at once rather than
 * when their token expires. The administrator is put into the Reactor context as the {@link Actor}
 * that commands record.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AdminAuthFilter implements WebFilter {

  static final String SESSION_PATH = "/admin/session";
  static final String PRINCIPAL_ATTRIBUTE = AdminPrincipal.class.getName();

  private final AdminTokens tokens;
  private final AdminAccounts accounts;
  private final ApiErrorWriter errors;

  AdminAuthFilter(AdminTokens tokens, AdminAccounts accounts, ApiErrorWriter errors) {
    this.tokens = tokens;
    this.accounts = accounts;
    this.errors = errors;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    // path parameters (";x") are dropped by Spring's request mapping, so "/admin;x/keys" reaches
    // the /admin/keys handler: they must not hide the prefix from this check either
    String path =
        exchange.getRequest().getPath().pathWithinApplication().value().replaceAll(";[^/]*", "");
    boolean adminPath = path.equals("/admin") || path.startsWith("/admin/");
    boolean apiPath = path.equals("/api") || path.startsWith("/api/");
    if (!(adminPath || apiPath) || path.equals(SESSION_PATH)) {
      return chain.filter(exchange);
    }
    Optional<AdminPrincipal> principal =
        BearerCredentials.from(
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
            .flatMap(tokens::verify)
            .flatMap(accounts::current);
    if (principal.isEmpty()) {
      exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      return errors.write(
          exchange,
          ApiException.unauthorized(
              "invalid_token", "a valid admin token is required (POST /admin/session)"));
    }
    AdminPrincipal admin = principal.get();
    if (adminPath && admin.role() != AdminRole.ADMIN) {
      return errors.write(exchange, ApiException.forbidden("this operation needs the admin role"));
    }
    exchange.getAttributes().put(PRINCIPAL_ATTRIBUTE, admin);
    Actor actor = new Actor(admin.subject(), admin.role().claim());
    return chain.filter(exchange).contextWrite(context -> context.put(Actor.CONTEXT_KEY, actor));
  }
}
