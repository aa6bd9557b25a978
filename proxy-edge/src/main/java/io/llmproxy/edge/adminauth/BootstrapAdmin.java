package io.llmproxy.edge.adminauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The installation's first administrator, known by a password hash only. */
public class BootstrapAdmin {

  private final String username;
  private final String passwordHash;
  private final PasswordEncoder encoder;

  public BootstrapAdmin(String username, String passwordHash, PasswordEncoder encoder) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.encoder = encoder;
  }

  /** Checks both parts without revealing through timing which one was wrong. */
  boolean matches(String candidateUser, String candidatePassword) {
    boolean userMatches =
        MessageDigest.isEqual(
            username.getBytes(StandardCharsets.UTF_8),
            candidateUser.getBytes(StandardCharsets.UTF_8));
    boolean passwordMatches = encoder.matches(candidatePassword, passwordHash);
    return userMatches && passwordMatches;
  }

  String username() {
    return username;
  }
}
