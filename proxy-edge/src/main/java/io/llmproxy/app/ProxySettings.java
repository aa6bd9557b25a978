package io.llmproxy.app;

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
    String metricsToken) {

  public Path databaseFile() {
    return dataDir.resolve("llm-proxy.db");
  }
}
