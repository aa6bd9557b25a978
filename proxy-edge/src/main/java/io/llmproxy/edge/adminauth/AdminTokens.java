package io.llmproxy.edge.adminauth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.llmproxy.kernel.users.AdminRole;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Issues and verifies the short-lived HS256 JWTs that admin and reporting calls carry. Each names
 * its session ({@code jti}) and the session generation of its user ({@code gen}), so that a session
 * can be ended before it expires.
 */
public class AdminTokens {

  static final String ISSUER = "llm-proxy";
  static final String AUDIENCE = "llm-proxy-admin";
  static final String ROLE_CLAIM = "role";
  static final String GENERATION_CLAIM = "gen";

  /** How far another node's clock may be ahead of ours when it issues a token. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  /**
   * Prefixes what a fingerprint's HMAC reads. A JWT signing input is base64url text, which never
   * holds a NUL, so no fingerprint can ever be a valid token signature, nor the reverse.
   */
  private static final String FINGERPRINT_DOMAIN = "llm-proxy bootstrap credential\0";

  private final SecretKey key;
  private final Duration ttl;
  private final Clock clock;

  public AdminTokens(byte[] secret, Duration ttl, Clock clock) {
    this.key = Keys.hmacShaKeyFor(secret);
    this.ttl = ttl;
    this.clock = clock;
  }

  public IssuedToken issue(String subject, AdminRole role, long generation) {
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
            .claim(GENERATION_CLAIM, generation)
            .issuedAt(Date.from(now))
            .notBefore(Date.from(now))
            .expiration(Date.from(now.plus(ttl)))
            .signWith(key, Jwts.SIG.HS256)
            .compact();
    return new IssuedToken(token, ttl.toSeconds());
  }

  /**
   * The verified principal, or empty for anything unsigned, tampered, misaddressed, expired, issued
   * in the future beyond {@link #CLOCK_SKEW}, or lacking a claim a session needs (tokens of
   * releases before session generations have no {@code gen}: their holders sign in once more).
   * Expiry gets no tolerance: it would only make a token outlive its lifetime, and long responses
   * end at the same instant a new request starts being refused.
   */
  public Optional<AdminPrincipal> verify(String token) {
    Instant now = clock.instant();
    try {
      Claims claims =
          Jwts.parser()
              .verifyWith(key)
              .requireIssuer(ISSUER)
              .requireAudience(AUDIENCE)
              .clockSkewSeconds(CLOCK_SKEW.toSeconds())
              .clock(() -> Date.from(now))
              .build()
              .parseSignedClaims(token)
              .getPayload();
      Number generation = claims.get(GENERATION_CLAIM, Number.class);
      if (claims.getExpiration() == null
          || !claims.getExpiration().toInstant().isAfter(now)
          || claims.getIssuedAt() == null
          || claims.getIssuedAt().toInstant().isAfter(now.plus(CLOCK_SKEW))
          || claims.getSubject() == null
          || claims.getId() == null
          || claims.getId().isBlank()
          || !(generation instanceof Integer || generation instanceof Long)
          || generation.longValue() < 0) {
        return Optional.empty();
      }
      return AdminRole.fromClaim(claims.get(ROLE_CLAIM, String.class))
          .map(
              role ->
                  new AdminPrincipal(
                      claims.getSubject(),
                      role,
                      claims.getId(),
                      generation.longValue(),
                      claims.getExpiration().toInstant()));
    } catch (JwtException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A keyed fingerprint of a credential: tells whether it changed without the event store ever
   * holding anything an offline guess could be checked against.
   */
  public String fingerprint(String credential) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest =
          mac.doFinal((FINGERPRINT_DOMAIN + credential).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  public record IssuedToken(String token, long expiresInSeconds) {}
}
