package io.llmproxy.app.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shared database of the {@code postgres} profile (env {@code LLMPROXY_DATABASE_URL}, {@code
 * LLMPROXY_DATABASE_USERNAME}, {@code LLMPROXY_DATABASE_PASSWORD}, ...). Unused on SQLite.
 *
 * @param url JDBC URL, e.g. {@code jdbc:postgresql://db:5432/llmproxy}
 * @param username database user
 * @param password database password
 * @param poolSize read-write connections of this node (the read-only pool is {@code
 *     llmproxy.read-pool-size})
 */
@ConfigurationProperties(prefix = "llmproxy.database")
public record DatabaseSettings(
    String url, String username, String password, @DefaultValue("10") int poolSize) {}
