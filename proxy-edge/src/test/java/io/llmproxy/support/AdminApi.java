package io.llmproxy.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** JSON calls to a node's {@code /admin} and {@code /api} surfaces with one admin token. */
public final class AdminApi {

  private final ProxyNode node;
  private final String token;

  public AdminApi(ProxyNode node, String token) {
    this.node = node;
    this.token = token;
  }

  /** A GET that must answer 200; its JSON body. */
  public JsonNode get(String uri) {
    return body(call(HttpMethod.GET, uri, null).expectStatus().isOk());
  }

  /** {@code uri} is sent as given, already encoded. */
  public WebTestClient.ResponseSpec call(HttpMethod method, String uri, Object body) {
    var request =
        node.http()
            .method(method)
            .uri(URI.create(node.baseUrl() + uri))
            .header("Authorization", "Bearer " + token);
    return body == null
        ? request.exchange()
        : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  /** A write that must answer {@code status}; its JSON body, null when it has none. */
  public JsonNode send(HttpMethod method, String uri, Object body, int status) {
    return body(call(method, uri, body).expectStatus().isEqualTo(status));
  }

  private static JsonNode body(WebTestClient.ResponseSpec response) {
    return response.expectBody(JsonNode.class).returnResult().getResponseBody();
  }
}
