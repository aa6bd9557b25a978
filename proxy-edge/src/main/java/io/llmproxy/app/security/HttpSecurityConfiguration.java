package io.llmproxy.app.security;

import io.llmproxy.app.ProxySettings;
import io.llmproxy.edge.access.AccessRefusals;
import io.llmproxy.edge.adminauth.AdminAuthentication;
import io.llmproxy.edge.adminauth.AdminTokenAuthenticator;
import io.llmproxy.edge.keys.VirtualKeyAuthenticator;
import io.llmproxy.kernel.audit.Actor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Two security filter chains, both stateless (no session, no cookie, no CSRF token to protect),
 * each surface authenticated from its request headers before any body is read: the proxied surface
 * ({@code /v1/**}, virtual keys only) and everything else, with the rules of {@link
 * HttpAccessRules}. Spring Security's strict firewall runs first and refuses ambiguous paths
 * (encoded slashes or dots, {@code ;}, {@code //}, {@code ..}, NUL, double encoding) before either
 * chain is chosen.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
class HttpSecurityConfiguration {

  static final String PROXIED = "/v1/**";

  /**
   * No observation per security filter: with an observation registry present, Spring Security wraps
   * every filter of the chain in its own observation, which cost more CPU per proxied request than
   * the filters themselves. Requests stay observed as a whole (http.server.requests).
   */
  @Bean
  static SecurityObservationSettings noSecurityFilterObservations() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  HttpAccessRules httpAccessRules(ProxySettings settings) {
    return new HttpAccessRules(new MetricsScrapeAccess(settings.metricsToken()));
  }

  /**
   * The proxied surface's chain, chosen first for {@code /v1/**}: only a virtual key is accepted
   * there, so a proxied request passes none of the admin surface's filters and rules, and the admin
   * surface's chain never sees a virtual key.
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  SecurityWebFilterChain proxiedSecurityWebFilterChain(
      ServerHttpSecurity http,
      HttpAccessRules rules,
      VirtualKeyAuthenticator virtualKeys,
      AccessRefusals refusals) {
    return stateless(
            http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(PROXIED)), refusals)
        .addFilterAt(
            new VirtualKeyWebFilter(virtualKeys, refusals), SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(rules::applyProxied)
        .build();
  }

  @Bean
  SecurityWebFilterChain securityWebFilterChain(
      ServerHttpSecurity http,
      HttpAccessRules rules,
      AdminTokenAuthenticator adminTokens,
      AccessRefusals refusals) {
    return stateless(http, refusals)
        .addFilterAt(
            adminTokenFilter(adminTokens, refusals), SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(rules::apply)
        .build();
  }

  /** What both chains share: no state kept between requests, refusals in the API's error shape. */
  private static ServerHttpSecurity stateless(ServerHttpSecurity http, AccessRefusals refusals) {
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        // the dashboard's own filter sets its headers; the API answers need none of the defaults
        .headers(ServerHttpSecurity.HeaderSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .exceptionHandling(
            handling ->
                handling
                    .authenticationEntryPoint(refusals.entryPoint())
                    .accessDeniedHandler(refusals.deniedHandler()));
  }

  /** Firewall refusals in the API's error shape instead of an empty 400. */
  @Bean
  static BeanPostProcessor firewallRefusalsInApiShape(ObjectProvider<AccessRefusals> refusals) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof WebFilterChainProxy proxy) {
          proxy.setExchangeRejectedHandler(refusals.getObject().rejectedHandler());
        }
        return bean;
      }
    };
  }

  private static AuthenticationWebFilter adminTokenFilter(
      AdminTokenAuthenticator authenticator, AccessRefusals refusals) {
    AuthenticationWebFilter filter = new AuthenticationWebFilter(authenticator.manager());
    filter.setServerAuthenticationConverter(authenticator.converter());
    filter.setRequiresAuthenticationMatcher(
        new AndServerWebExchangeMatcher(
            ServerWebExchangeMatchers.pathMatchers("/admin/**", "/api/**", "/actuator/startup"),
            new NegatedServerWebExchangeMatcher(
                ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, "/admin/session"))));
    filter.setAuthenticationFailureHandler(refusals.failureHandler());
    filter.setAuthenticationSuccessHandler(actorIntoContext());
    return filter;
  }

  /** Commands record who caused them: the administrator travels in the Reactor context. */
  private static ServerAuthenticationSuccessHandler actorIntoContext() {
    return (filterExchange, authentication) -> {
      Actor actor = ((AdminAuthentication) authentication).actor();
      return filterExchange
          .getChain()
          .filter(filterExchange.getExchange())
          .contextWrite(context -> context.put(Actor.CONTEXT_KEY, actor));
    };
  }
}
