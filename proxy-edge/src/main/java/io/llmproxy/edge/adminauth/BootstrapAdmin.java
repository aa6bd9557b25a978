package io.llmproxy.edge.adminauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The installation's first administrator, known by a password hash only. It is configuration, not
 * an admin user aggregate, so it always exists and can always get back in.
 */
public class BootstrapAdmin {

  private final String username;
  private final String passwordHash;
  private final PasswordEncoder encoder;

  public BootstrapAdmin(String username, String passwordHash, PasswordEncoder encoder) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.encoder = encoder;
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
}
