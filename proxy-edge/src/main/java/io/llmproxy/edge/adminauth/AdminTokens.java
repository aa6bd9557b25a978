package io.llmproxy.edge.adminauth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.llmproxy.kernel.users.AdminRole;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/** Issues and verifies the short-lived HS256 JWTs that admin and reporting calls carry. */
public class AdminTokens {

  static final String ISSUER = "llm-proxy";
  static final String AUDIENCE = "llm-proxy-admin";
  private static final String ROLE_CLAIM = "role";
  private static final long CLOCK_SKEW_SECONDS = 30;

  private final SecretKey key;
  private final Duration ttl;
  private final Clock clock;

  public AdminTokens(byte[] secret, Duration ttl, Clock clock) {
    this.key = Keys.hmacShaKeyFor(secret);
    this.ttl = ttl;
    this.clock = clock;
  }

  public IssuedToken issue(String subject, AdminRole role) {
    Instant now = clock.instant();
    String token =
        Jwts.builder()
            .id(UUID.randomUUID().toString())
            .issuer(ISSUER)
            .audience()
            .add(AUDIENCE)
            .and()
            .subject(subject)
            .claim(ROLE_CLAIM, role.claim())
            .issuedAt(Date.from(now))
            .notBefore(Date.from(now))
            .expiration(Date.from(now.plus(ttl)))
            .signWith(key, Jwts.SIG.HS256)
            .compact();
    return new IssuedToken(token, ttl.toSeconds());
  }

  /** The verified principal, or empty for anything unsigned, tampered, expired or misaddressed. */
  public Optional<AdminPrincipal> verify(String token) {
    try {
      Claims claims =
          Jwts.parser()
              .verifyWith(key)
              .requireIssuer(ISSUER)
              .requireAudience(AUDIENCE)
              .clockSkewSeconds(CLOCK_SKEW_SECONDS)
              .clock(() -> Date.from(clock.instant()))
              .build()
              .parseSignedClaims(token)
              .getPayload();
      if (claims.getExpiration() == null
          || claims.getSubject() == null
          || claims.getIssuedAt() == null) {
        return Optional.empty();
      }
      return AdminRole.fromClaim(claims.get(ROLE_CLAIM, String.class))
          .map(
              role ->
                  new AdminPrincipal(claims.getSubject(), role, claims.getIssuedAt().toInstant()));
    } catch (JwtException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public record IssuedToken(String token, long expiresInSeconds) {}
}
