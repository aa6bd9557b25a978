package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.access.AccessRefusals;
import io.llmproxy.edge.errors.ApiErrorWriter;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.http.RequestPaths;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ends an admin response that outlives its session. The security chain judges a token once, when
 * the request arrives; a live feed or a long export may run for hours after. Every {@link #RECHECK}
 * the principal is judged again, and once its token expired, was signed out, its session generation
 * ended, its user was disabled or its role lowered, the handler is cancelled: a response already
 * streaming ends there, one not yet begun answers 401. Live feeds also take a slot of {@link
 * LiveFeeds} for as long as they run.
 */
@Component
@Order(AdminSessionWatch.ORDER)
class AdminSessionWatch implements WebFilter {

  /** After Spring Security's chain (order -100), which puts the authentication in the context. */
  static final int ORDER = 0;

  static final Duration RECHECK = Duration.ofMillis(500);

  private final AdminAccounts accounts;
  private final LiveFeeds feeds;
  private final ApiErrorWriter errors;

  AdminSessionWatch(AdminAccounts accounts, LiveFeeds feeds, ApiErrorWriter errors) {
    this.accounts = accounts;
    this.feeds = feeds;
    this.errors = errors;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (RequestPaths.isUnder(RequestPaths.decoded(exchange), "/v1")) {
      // the proxied surface is only ever authenticated by virtual keys: no admin to watch there,
      // and no reason for every proxied request to look for one
      return chain.filter(exchange);
    }
    return ReactiveSecurityContextHolder.getContext()
        .flatMap(context -> Mono.justOrEmpty(context.getAuthentication()))
        .filter(AdminAuthentication.class::isInstance)
        .map(authentication -> Optional.of((AdminAuthentication) authentication))
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            admin ->
                admin.isPresent()
                    ? watched(exchange, chain, admin.get().getPrincipal())
                    : chain.filter(exchange));
  }

  private Mono<Void> watched(
      ServerWebExchange exchange, WebFilterChain chain, AdminPrincipal principal) {
    boolean feed = feeds.isFeed(exchange);
    if (feed) {
      try {
        feeds.open(principal.subject());
      } catch (ApiException refused) {
        return errors.write(exchange, refused);
      }
    }
    AtomicBoolean ended = new AtomicBoolean();
    Mono<Void> response =
        chain
            .filter(exchange)
            .takeUntilOther(sessionEnded(principal).doOnNext(tick -> ended.set(true)))
            .then(
                Mono.defer(
                    () ->
                        ended.get()
                            ? errors.write(exchange, AccessRefusals.invalidAdminToken())
                            : Mono.empty()));
    return feed ? response.doFinally(signal -> feeds.close(principal.subject())) : response;
  }

  /** Emits once the principal no longer holds the rights it was let in with. */
  private Mono<Long> sessionEnded(AdminPrincipal principal) {
    return Flux.interval(RECHECK)
        .filter(
            tick ->
                accounts.current(principal).filter(now -> now.role() == principal.role()).isEmpty())
        .next();
  }
}
