package io.llmproxy.edge.keys;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.http.BearerCredentials;
import io.llmproxy.edge.registry.RegistryReadiness;
import io.llmproxy.kernel.keys.KeyHasher;
import io.llmproxy.kernel.keys.VirtualKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Turns the presented credential into a usable key, or the precise reason it is refused. */
@Component
public class KeyAuthenticator {

  private final KeyRegistry registry;
  private final KeyHasher hasher;
  private final RegistryReadiness readiness;
  private final Clock clock;

  KeyAuthenticator(
      KeyRegistry registry, KeyHasher hasher, RegistryReadiness readiness, Clock clock) {
    this.registry = registry;
    this.hasher = hasher;
    this.readiness = readiness;
    this.clock = clock;
  }

  /** The key in an {@code Authorization: Bearer} header. */
  public RegisteredKey authenticate(String authorizationHeader) {
    String presented = BearerCredentials.from(authorizationHeader).orElse(null);
    if (presented == null) {
      throw ApiException.unauthorized(
          "You didn't provide an API key. Send it as 'Authorization: Bearer sk-llmp-...'.");
    }
    return authenticateKey(presented);
  }

  /**
   * The key as Anthropic's clients send it, in {@code x-api-key}, or else in an {@code
   * Authorization: Bearer} header.
   */
  public RegisteredKey authenticate(String apiKeyHeader, String authorizationHeader) {
    if (apiKeyHeader == null || apiKeyHeader.isBlank()) {
      if (BearerCredentials.from(authorizationHeader).isEmpty()) {
        throw ApiException.unauthorized(
            "You didn't provide an API key. Send it as 'x-api-key: sk-llmp-...'.");
      }
      return authenticate(authorizationHeader);
    }
    return authenticateKey(apiKeyHeader.strip());
  }

  private RegisteredKey authenticateKey(String presented) {
    if (VirtualKey.parse(presented).isEmpty()) {
      throw ApiException.unauthorized("Incorrect API key provided.");
    }
    String hash = hasher.hash(presented);
    Optional<RegisteredKey> found = registry.findByHash(hash);
    if (found.isEmpty()) {
      if (!readiness.isReady()) {
        throw new ApiException(
            HttpStatus.SERVICE_UNAVAILABLE,
            "api_error",
            "starting_up",
            null,
            "The proxy is still loading its keys; retry in a moment.");
      }
      throw ApiException.unauthorized("Incorrect API key provided.");
    }
    RegisteredKey key = found.get();
    Instant now = clock.instant();
    if (!key.accepts(hash, now)) {
      throw ApiException.unauthorized(
          "This API key has been rotated and its grace period is over; use the new key.");
    }
    if (key.revoked()) {
      throw ApiException.unauthorized("This API key has been revoked.");
    }
    if (key.suspended()) {
      throw ApiException.unauthorized("This API key is suspended.");
    }
    if (key.isExpiredAt(now)) {
      throw ApiException.unauthorized("This API key has expired.");
    }
    return key;
  }
}
