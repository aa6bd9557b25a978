package io.llmproxy.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Installation-wide settings under {@code llmproxy.*}. Secrets left empty are generated once into
 * the data folder with owner-only permissions.
 *
 * @param dataDir folder holding the SQLite database and generated secrets
 * @param adminUsername the bootstrap administrator's user name
 * @param adminPassword the bootstrap administrator's password (env {@code LLMPROXY_ADMIN_PASSWORD})
 * @param jwtSecret base64 HMAC secret for admin tokens, at least 256 bits
 * @param keyPepper base64 pepper for virtual-key hashes, at least 256 bits
 * @param adminTokenTtl lifetime of an admin JWT
 * @param readPoolSize read-only connections for reports
 * @param snapshotThreshold events after which a key, team or route aggregate is snapshotted
 * @param registryPollInterval how often the edge registries look for key, team and route events
 *     written by other nodes (this node's own apply at once)
 * @param metricsToken when set, the bearer token {@code /actuator/prometheus} requires
 * @param adminPasswordFile a file holding the bootstrap administrator's password (a container
 *     secret), read instead of {@code adminPassword} so the password is in no environment
 */
@ConfigurationProperties(prefix = "llmproxy")
public record ProxySettings(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("admin") String adminUsername,
    String adminPassword,
    String jwtSecret,
    String keyPepper,
    @DefaultValue("1h") Duration adminTokenTtl,
    @DefaultValue("4") int readPoolSize,
    @DefaultValue("50") int snapshotThreshold,
    @DefaultValue("200ms") Duration registryPollInterval,
    String metricsToken,
    Path adminPasswordFile) {

  /** The configured password, from {@code adminPasswordFile} when one is named; else null. */
  @Override
  public String adminPassword() {
    if (adminPasswordFile == null) {
      return adminPassword;
    }
    try {
      return Files.readString(adminPasswordFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      // the message names the file, never its content
      throw new UncheckedIOException("cannot read llmproxy.admin-password-file", e);
    }
  }

  public Path databaseFile() {
    return dataDir.resolve("llm-proxy.db");
  }
}
