package io.llmproxy.app.security;

import io.llmproxy.edge.adminauth.AdminAuthentication;
import io.llmproxy.edge.keys.VirtualKeyAuthentication;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;

/**
 * Who may call what, one rule per surface, matched on the decoded path; the proxied surface has a
 * chain of its own ({@link #applyProxied}). Anything without a rule is denied: a new endpoint
 * answers nothing until a rule here names it. Controllers check the same roles again (method
 * security), so one wrong matcher here is not enough to expose a handler.
 */
public class HttpAccessRules {

  static final String[] DASHBOARD_FILES = {
    "/", "/index.html", "/dashboard.css", "/favicon.svg", "/js/**"
  };

  private final MetricsScrapeAccess metricsAccess;

  HttpAccessRules(MetricsScrapeAccess metricsAccess) {
    this.metricsAccess = metricsAccess;
  }

  /** The proxied surface's chain ({@code /v1/**}): virtual keys only. */
  public void applyProxied(AuthorizeExchangeSpec rules) {
    rules.anyExchange().hasAuthority(VirtualKeyAuthentication.AUTHORITY);
  }

  /** Every other path. */
  public void apply(AuthorizeExchangeSpec rules) {
    rules.pathMatchers(HttpMethod.POST, "/admin/session").permitAll();
    // signing out is the one admin operation a viewer may do; it must come before /admin/**
    rules
        .pathMatchers(HttpMethod.DELETE, "/admin/session")
        .hasAuthority(AdminAuthentication.VIEWER_AUTHORITY);
    rules.pathMatchers("/admin/**").hasAuthority(AdminAuthentication.ADMIN_AUTHORITY);
    rules.pathMatchers("/api/**").hasAuthority(AdminAuthentication.VIEWER_AUTHORITY);
    rules.pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll();
    rules
        .pathMatchers(HttpMethod.GET, "/actuator/prometheus")
        .access((authentication, context) -> metricsAccess.decide(context));
    // only registered with llmproxy.startup-report=true; bean names and timings are internals
    rules.pathMatchers("/actuator/startup").hasAuthority(AdminAuthentication.ADMIN_AUTHORITY);
    rules.pathMatchers(HttpMethod.GET, DASHBOARD_FILES).permitAll();
    rules.pathMatchers(HttpMethod.HEAD, DASHBOARD_FILES).permitAll();
    rules.anyExchange().denyAll();
  }
}
