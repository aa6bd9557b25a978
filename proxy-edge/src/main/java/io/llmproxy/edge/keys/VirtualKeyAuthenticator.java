package io.llmproxy.edge.keys;

import io.llmproxy.edge.access.RefusedCredentials;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.http.RequestPaths;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Authenticates {@code /v1} callers from their headers alone, before a byte of the body is read: an
 * unknown or missing key costs the proxy one keyed hash and never a buffered body. Anthropic's door
 * reads {@code x-api-key} first, as its SDKs send it; OpenAI's doors read the bearer token.
 *
 * <p>The keys are in memory, so the answer is synchronous: the filter that calls this needs no
 * reactive authentication machinery, which on a proxied request cost more than the check.
 */
@Component
public class VirtualKeyAuthenticator {

  static final String ANTHROPIC_DOOR = "/v1/messages";

  private final KeyAuthenticator keys;

  VirtualKeyAuthenticator(KeyAuthenticator keys) {
    this.keys = keys;
  }

  /**
   * The caller's key, from the headers its door reads; a missing key is refused with the door's own
   * message rather than a generic one.
   *
   * @throws RefusedCredentials carrying the answer in the door's error shape
   */
  public VirtualKeyAuthentication authenticate(ServerWebExchange exchange) {
    HttpHeaders headers = exchange.getRequest().getHeaders();
    String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
    try {
      RegisteredKey key =
          RequestPaths.decoded(exchange).equals(ANTHROPIC_DOOR)
              ? keys.authenticate(headers.getFirst("x-api-key"), authorization)
              : keys.authenticate(authorization);
      return new VirtualKeyAuthentication(key);
    } catch (ApiException refused) {
      throw new RefusedCredentials(refused);
    }
  }
}
