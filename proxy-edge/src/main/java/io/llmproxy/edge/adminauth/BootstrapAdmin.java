package io.llmproxy.edge.adminauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The installation's first administrator, known by a password hash only. It is configuration, not
 * an admin user aggregate, so it always exists and can always get back in. Its credential's keyed
 * fingerprint tells the nodes when the password changed, which ends its sessions.
 */
public class BootstrapAdmin {

  private final String username;
  private final String passwordHash;
  private final PasswordEncoder encoder;
  private final String credentialFingerprint;

  public BootstrapAdmin(
      String username, String passwordHash, PasswordEncoder encoder, String credentialFingerprint) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.encoder = encoder;
    this.credentialFingerprint = credentialFingerprint;
  }

  /** Compared in constant time, so timing does not tell how much of a guessed name was right. */
  boolean isNamed(String candidateUser) {
    return MessageDigest.isEqual(
        username.getBytes(StandardCharsets.UTF_8), candidateUser.getBytes(StandardCharsets.UTF_8));
  }

  boolean passwordMatches(String candidatePassword) {
    return encoder.matches(candidatePassword, passwordHash);
  }

  String username() {
    return username;
  }

  String credentialFingerprint() {
    return credentialFingerprint;
  }
}
