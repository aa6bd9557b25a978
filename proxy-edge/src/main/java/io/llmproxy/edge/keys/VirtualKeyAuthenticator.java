package io.llmproxy.edge.keys;

import io.llmproxy.edge.access.RefusedCredentials;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.http.RequestPaths;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Authenticates {@code /v1} callers from their headers alone, before a byte of the body is read: an
 * unknown or missing key costs the proxy one keyed hash and never a buffered body. Anthropic's door
 * reads {@code x-api-key} first, as its SDKs send it; OpenAI's doors read the bearer token.
 */
@Component
public class VirtualKeyAuthenticator {

  static final String ANTHROPIC_DOOR = "/v1/messages";

  private final KeyAuthenticator keys;

  VirtualKeyAuthenticator(KeyAuthenticator keys) {
    this.keys = keys;
  }

  /**
   * Always yields the headers, present or not, so that a missing key is refused with the door's own
   * message rather than a generic one.
   */
  public ServerAuthenticationConverter converter() {
    return exchange -> {
      HttpHeaders headers = exchange.getRequest().getHeaders();
      boolean anthropic = RequestPaths.decoded(exchange).equals(ANTHROPIC_DOOR);
      return Mono.just(
          new PresentedKey(
              anthropic ? headers.getFirst("x-api-key") : null,
              headers.getFirst(HttpHeaders.AUTHORIZATION),
              anthropic));
    };
  }

  public ReactiveAuthenticationManager manager() {
    return presented -> Mono.fromSupplier(() -> authenticate((PresentedKey) presented));
  }

  private Authentication authenticate(PresentedKey presented) {
    try {
      RegisteredKey key =
          presented.anthropicDoor
              ? keys.authenticate(presented.apiKeyHeader, presented.authorization)
              : keys.authenticate(presented.authorization);
      return new VirtualKeyAuthentication(key);
    } catch (ApiException refused) {
      throw new RefusedCredentials(refused);
    }
  }

  private static final class PresentedKey extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final String apiKeyHeader;
    private final String authorization;
    private final boolean anthropicDoor;

    PresentedKey(String apiKeyHeader, String authorization, boolean anthropicDoor) {
      super(List.of());
      this.apiKeyHeader = apiKeyHeader;
      this.authorization = authorization;
      this.anthropicDoor = anthropicDoor;
    }

    @Override
    public Object getCredentials() {
      return null;
    }

    @Override
    public Object getPrincipal() {
      return "presented virtual key";
    }

    @Override
    public String toString() {
      return "PresentedKey[****]";
    }
  }
}
