package io.llmproxy.edge.adminauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.llmproxy.kernel.users.AdminRole;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class AdminTokensTest {

  private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final AdminTokens tokens = tokensAt(NOW);

  @Test
  void anIssuedTokenVerifiesWithItsSubjectRoleGenerationAndExpiry() {
    String token = tokens.issue("alice", AdminRole.ADMIN, 7).token();
    assertThat(tokens.verify(token))
        .hasValueSatisfying(
            principal -> {
              assertThat(principal.subject()).isEqualTo("alice");
              assertThat(principal.role()).isEqualTo(AdminRole.ADMIN);
              assertThat(principal.generation()).isEqualTo(7);
              assertThat(principal.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
              assertThat(principal.sessionId()).isNotBlank();
            });
  }

  @Test
  void everyTokenIsItsOwnSession() {
    String first = tokens.issue("alice", AdminRole.ADMIN, 0).token();
    String second = tokens.issue("alice", AdminRole.ADMIN, 0).token();
    assertThat(tokens.verify(first).orElseThrow().sessionId())
        .isNotEqualTo(tokens.verify(second).orElseThrow().sessionId());
  }

  @Test
  void anExpiredTokenIsRefusedFromItsExpiryOnWithoutTolerance() {
    String token = tokens.issue("alice", AdminRole.ADMIN, 0).token();
    Instant expiry = NOW.plus(Duration.ofMinutes(15));
    assertThat(tokensAt(expiry.minusMillis(1)).verify(token)).isPresent();
    assertThat(tokensAt(expiry).verify(token)).isEmpty();
    assertThat(tokensAt(expiry.plusSeconds(5)).verify(token)).isEmpty();
  }

  @Test
  void aTokenIssuedInTheFutureIsRefusedBeyondTheClockSkew() {
    assertThat(tokens.verify(sign(claims().issuedAt(Date.from(NOW.plusSeconds(600)))))).isEmpty();
    assertThat(tokens.verify(sign(claims().issuedAt(Date.from(NOW.plusSeconds(31)))))).isEmpty();
    assertThat(tokens.verify(sign(claims().issuedAt(Date.from(NOW.plusSeconds(25)))))).isPresent();
  }

  @Test
  void aTokenWithoutGenerationOrIdIsRefused() {
    // what the release before session generations issued: no gen claim
    String previousRelease =
        Jwts.builder()
            .id("an-id")
            .issuer(AdminTokens.ISSUER)
            .audience()
            .add(AdminTokens.AUDIENCE)
            .and()
            .subject("alice")
            .claim("role", "admin")
            .issuedAt(Date.from(NOW))
            .expiration(Date.from(NOW.plusSeconds(600)))
            .signWith(Keys.hmacShaKeyFor(SECRET))
            .compact();
    assertThat(tokens.verify(previousRelease)).isEmpty();
    assertThat(tokens.verify(sign(claims().id(null)))).isEmpty();
    assertThat(tokens.verify(sign(claims().claim("gen", "0")))).isEmpty();
    assertThat(tokens.verify(sign(claims().claim("gen", -1)))).isEmpty();
    assertThat(tokens.verify(sign(claims().claim("gen", 1.5)))).isEmpty();
    assertThat(tokens.verify(sign(claims()))).isPresent();
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    AdminTokens other =
        new AdminTokens(
            "another-secret-another-secret-xx".getBytes(StandardCharsets.US_ASCII),
            Duration.ofMinutes(15),
            Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(tokens.verify(other.issue("alice", AdminRole.ADMIN, 0).token())).isEmpty();
  }

  @Test
  void anUnsignedTokenIsRefused() {
    assertThat(tokens.verify(claims().compact())).isEmpty();
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String token = tokens.issue("alice", AdminRole.VIEWER, 0).token();
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                payload.replace("\"viewer\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
    assertThat(tokens.verify(parts[0] + "." + forged + "." + parts[2])).isEmpty();
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    JwtBuilder misaddressed = claims();
    misaddressed.claim("aud", "some-other-service");
    assertThat(tokens.verify(sign(misaddressed))).isEmpty();
  }

  @Test
  void aTokenWithAnUnknownRoleIsRefused() {
    assertThat(tokens.verify(sign(claims().claim("role", "root")))).isEmpty();
  }

  @Test
  void aHandMadeTokenWithTheRightClaimsIsAccepted() {
    assertThat(tokens.verify(sign(claims().claim("role", "viewer"))))
        .hasValueSatisfying(principal -> assertThat(principal.role()).isEqualTo(AdminRole.VIEWER));
  }

  @Test
  void aTokenWithoutIssueTimeIsRefused() {
    assertThat(tokens.verify(sign(claims().issuedAt(null)))).isEmpty();
  }

  @Test
  void fingerprintsAreKeyedStableAndTellCredentialsApart() {
    AdminTokens otherKey =
        new AdminTokens(
            "another-secret-another-secret-xx".getBytes(StandardCharsets.US_ASCII),
            Duration.ofMinutes(15),
            Clock.fixed(NOW, ZoneOffset.UTC));
    String fingerprint = tokens.fingerprint("a password");
    assertThat(tokensAt(NOW.plusSeconds(999)).fingerprint("a password")).isEqualTo(fingerprint);
    assertThat(tokens.fingerprint("another password")).isNotEqualTo(fingerprint);
    assertThat(otherKey.fingerprint("a password")).isNotEqualTo(fingerprint);
    assertThat(fingerprint).doesNotContain("a password");
  }

  private static AdminTokens tokensAt(Instant now) {
    return new AdminTokens(SECRET, Duration.ofMinutes(15), Clock.fixed(now, ZoneOffset.UTC));
  }

  /** The claims of a valid token, for a test to change one of them. */
  private static JwtBuilder claims() {
    return Jwts.builder()
        .id("3f6c1a2e")
        .issuer(AdminTokens.ISSUER)
        .audience()
        .add(AdminTokens.AUDIENCE)
        .and()
        .subject("alice")
        .claim("role", "admin")
        .claim("gen", 0)
        .issuedAt(Date.from(NOW))
        .expiration(Date.from(NOW.plusSeconds(600)));
  }

  private static String sign(JwtBuilder claims) {
    SecretKey key = Keys.hmacShaKeyFor(SECRET);
    return claims.signWith(key).compact();
  }
}
