package io.llmproxy.app.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;

/**
 * URL rules with the admin and reporting surfaces wrongly opened, as a mistyped or missing matcher
 * would leave them, so that a test can show what the controllers' own role checks still refuse.
 * Registered as a source of one node's application, not by component scan (hence no
 * {@code @Configuration}): every other node keeps the real rules.
 */
public class MissedMatcherRules {

  @Bean
  @Primary
  HttpAccessRules permissiveAccessRules() {
    return new HttpAccessRules(new MetricsScrapeAccess(null)) {
      @Override
      public void apply(AuthorizeExchangeSpec rules) {
        rules.pathMatchers("/admin/**", "/api/**").permitAll();
        super.apply(rules);
      }
    };
  }
}
