package io.llmproxy.edge.adminauth;

import static org.assertj.core.api.Assertions.assertThat;

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

  private final AdminTokens tokens =
      new AdminTokens(SECRET, Duration.ofMinutes(15), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void anIssuedTokenVerifiesWithItsSubjectAndRole() {
    String token = tokens.issue("alice", AdminRole.ADMIN).token();
    assertThat(tokens.verify(token)).contains(new AdminPrincipal("alice", AdminRole.ADMIN, NOW));
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = tokens.issue("alice", AdminRole.ADMIN).token();
    AdminTokens later =
        new AdminTokens(
            SECRET,
            Duration.ofMinutes(15),
            Clock.fixed(NOW.plus(Duration.ofMinutes(20)), ZoneOffset.UTC));
    assertThat(later.verify(token)).isEmpty();
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    AdminTokens other =
        new AdminTokens(
            "another-secret-another-secret-xx".getBytes(StandardCharsets.US_ASCII),
            Duration.ofMinutes(15),
            Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(tokens.verify(other.issue("alice", AdminRole.ADMIN).token())).isEmpty();
  }

  @Test
  void anUnsignedTokenIsRefused() {
    String unsigned =
        Jwts.builder()
            .issuer(AdminTokens.ISSUER)
            .audience()
            .add(AdminTokens.AUDIENCE)
            .and()
            .subject("mallory")
            .claim("role", "admin")
            .issuedAt(Date.from(NOW))
            .expiration(Date.from(NOW.plusSeconds(600)))
            .compact();
    assertThat(tokens.verify(unsigned)).isEmpty();
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String token = tokens.issue("alice", AdminRole.VIEWER).token();
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
    assertThat(tokens.verify(signedToken("some-other-service", "admin"))).isEmpty();
  }

  @Test
  void aTokenWithAnUnknownRoleIsRefused() {
    assertThat(tokens.verify(signedToken(AdminTokens.AUDIENCE, "root"))).isEmpty();
  }

  @Test
  void aHandMadeTokenWithTheRightClaimsIsAccepted() {
    assertThat(tokens.verify(signedToken(AdminTokens.AUDIENCE, "viewer")))
        .contains(new AdminPrincipal("alice", AdminRole.VIEWER, NOW));
  }

  @Test
  void aTokenWithoutIssueTimeIsRefused() {
    String token =
        Jwts.builder()
            .issuer(AdminTokens.ISSUER)
            .audience()
            .add(AdminTokens.AUDIENCE)
            .and()
            .subject("alice")
            .claim("role", "admin")
            .expiration(Date.from(NOW.plusSeconds(600)))
            .signWith(Keys.hmacShaKeyFor(SECRET))
            .compact();
    assertThat(tokens.verify(token)).isEmpty();
  }

  /** A token signed with the right key, so only its claims decide. */
  private static String signedToken(String audience, String role) {
    SecretKey key = Keys.hmacShaKeyFor(SECRET);
    return Jwts.builder()
        .issuer(AdminTokens.ISSUER)
        .audience()
        .add(audience)
        .and()
        .subject("alice")
        .claim("role", role)
        .issuedAt(Date.from(NOW))
        .expiration(Date.from(NOW.plusSeconds(600)))
        .signWith(key)
        .compact();
  }
}
