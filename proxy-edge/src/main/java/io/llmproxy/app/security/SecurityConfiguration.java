package io.llmproxy.app.security;

import io.llmproxy.app.ProxySettings;
import io.llmproxy.edge.adminauth.AdminTokens;
import io.llmproxy.edge.adminauth.BootstrapAdmin;
import io.llmproxy.kernel.keys.KeyHasher;
import io.llmproxy.kernel.keys.RandomText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger("llmproxy.bootstrap");
  private static final String PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final int GENERATED_PASSWORD_LENGTH = 24;

  @Bean
  KeyHasher keyHasher(ProxySettings settings) {
    return new KeyHasher(
        SecretMaterial.configuredOrGenerated(
            settings.keyPepper(), settings.dataDir().resolve("key-pepper"), "key pepper"));
  }

  @Bean
  AdminTokens adminTokens(ProxySettings settings, Clock clock) {
    byte[] secret =
        SecretMaterial.configuredOrGenerated(
            settings.jwtSecret(), settings.dataDir().resolve("jwt-secret"), "JWT secret");
    return new AdminTokens(secret, settings.adminTokenTtl(), clock);
  }

  /**
   * The configured password wins; otherwise one is generated on first start, printed once, and only
   * its hash is kept in the data folder. The credential's fingerprint is keyed by the token secret
   * and taken from what stays the same across starts: the configured password itself (its hash is
   * salted anew at every start) or the stored hash.
   */
  @Bean
  BootstrapAdmin bootstrapAdmin(ProxySettings settings, AdminTokens tokens) {
    PasswordEncoder encoder = new BCryptPasswordEncoder();
    String configured = settings.adminPassword();
    if (configured != null && !configured.isEmpty()) {
      return new BootstrapAdmin(
          settings.adminUsername(),
          encoder.encode(configured),
          encoder,
          tokens.fingerprint("configured password\0" + configured));
    }
    Path hashFile = settings.dataDir().resolve("admin-password.bcrypt");
    try {
      if (!Files.exists(hashFile)) {
        String password = RandomText.of(PASSWORD_ALPHABET, GENERATED_PASSWORD_LENGTH);
        SecretMaterial.writeOwnerOnly(hashFile, encoder.encode(password));
        log.warn(
            "Generated the bootstrap admin password (shown only now; only its hash is stored in {})."
                + " User: {}  Password: {}",
            hashFile,
            settings.adminUsername(),
            password);
      }
      String hash = Files.readString(hashFile, StandardCharsets.US_ASCII).strip();
      return new BootstrapAdmin(
          settings.adminUsername(), hash, encoder, tokens.fingerprint("stored hash\0" + hash));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + hashFile, e);
    }
  }
}
