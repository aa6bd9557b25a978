package io.llmproxy.app.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.llmproxy.kernel.routing.ConfigureModelRoute;
import io.llmproxy.kernel.routing.RouteDefinition;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Model and deployment names go into upstream URLs (Azure, Gemini) or requests: the admin API
 * refuses, per provider kind, any name that could change the URL it is built into, and a route
 * stored before that check fails in the API's shape before anything reaches the provider.
 */
@EndToEnd
class UpstreamNamesHttpTest {

  private static final List<String> PROVIDERS =
      List.of("azure", "openai", "anthropic", "gemini", "mock");

  private static final List<String> HOSTILE =
      List.of(
          "../../../v1/files?purpose=probe#",
          "gpt-{x}",
          "{x}",
          "a b",
          "50%",
          "50%2F..",
          "x#fragment",
          "x?api-version=1",
          "..",
          "x/../../y",
          "tab\tname",
          "back\\slash");

  @TempDir static Path dataDir;

  private static HttpServer upstream;
  private static final AtomicInteger upstreamRequests = new AtomicInteger();
  private static ProxyNode node;
  private static String admin;
  private static String key;

  @BeforeAll
  static void start() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          upstreamRequests.incrementAndGet();
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    upstream.start();
    String root = "http://127.0.0.1:" + upstream.getAddress().getPort();
    node =
        ProxyNode.start(
            dataDir,
            Map.ofEntries(
                Map.entry("llmproxy.providers.azure.kind", "azure-openai"),
                Map.entry("llmproxy.providers.azure.base-url", root + "/openai"),
                Map.entry("llmproxy.providers.azure.api-key", "azure-secret"),
                Map.entry("llmproxy.providers.azure.api-version", "2024-10-21"),
                Map.entry("llmproxy.providers.openai.kind", "openai-compatible"),
                Map.entry("llmproxy.providers.openai.base-url", root + "/v1"),
                Map.entry("llmproxy.providers.anthropic.kind", "anthropic"),
                Map.entry("llmproxy.providers.anthropic.base-url", root + "/v1"),
                Map.entry("llmproxy.providers.gemini.kind", "gemini"),
                Map.entry("llmproxy.providers.gemini.base-url", root + "/v1beta"),
                Map.entry("llmproxy.providers.gemini.api-key", "gemini-secret")));
    admin = node.login();
    key = node.issueKey(admin, "names", List.of("*"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    upstream.stop(0);
  }

  @Test
  void hostileNamesAreRefusedWhenARouteIsSavedWithAMessageNamingTheField() {
    int refused = 0;
    for (String provider : PROVIDERS) {
      for (String name : HOSTILE) {
        JsonNode error =
            putRoute("hostile", Map.of("provider", provider, "model", name))
                .expectStatus()
                .isBadRequest()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText())
            .as(provider + " " + name)
            .startsWith("model is not usable with provider '" + provider + "'");
        refused++;
      }
      JsonNode second =
          putRoute(
                  "hostile",
                  Map.of(
                      "deployments",
                      List.of(
                          Map.of("provider", provider, "model", "fine-name"),
                          Map.of("provider", provider, "model", "gpt-{x}"))))
              .expectStatus()
              .isBadRequest()
              .expectBody(JsonNode.class)
              .returnResult()
              .getResponseBody();
      assertThat(second.path("error").path("message").asText())
          .startsWith("deployments[1].model is not usable with provider '" + provider + "'");
    }
    System.out.printf("%d hostile route saves refused%n", refused);
    putRoute("hostile", Map.of("provider", "mock", "model", "mock-1")).expectStatus().isOk();
    assertThat(upstreamRequests.get()).isZero();
  }

  @Test
  void realModelNamesOfEachProviderAreSaved() {
    Map<String, List<String>> real =
        Map.of(
            "azure", List.of("my-gpt4o", "gpt-35-turbo", "gpt-4o_prod.v2"),
            "openai",
                List.of(
                    "gpt-4o-mini",
                    "ft:gpt-4o:my-org:custom:id",
                    "meta-llama/Llama-3.1-8B-Instruct",
                    "llama3:8b-instruct-q4_K_M"),
            "anthropic",
                List.of("claude-3-5-sonnet-20241022", "anthropic.claude-3-5-sonnet-20241022-v2:0"),
            "gemini", List.of("gemini-1.5-pro", "models/gemini-1.5-pro", "tunedModels/my-model"),
            "mock", List.of("mock-1"));
    real.forEach(
        (provider, names) ->
            names.forEach(
                name ->
                    putRoute("real-" + provider, Map.of("provider", provider, "model", name))
                        .expectStatus()
                        .isOk()));
  }

  @Test
  void aStoredRouteWithAHostileNameFailsInTheApisShapeAndReachesNoProvider() {
    storeRoute("stored-azure-traversal", "azure", "../../../v1/files?purpose=probe#");
    storeRoute("stored-azure-template", "azure", "gpt-{x}");
    storeRoute("stored-gemini", "gemini", "../../v1/files#");
    storeRoute("stored-openai", "openai", "a b?c");
    int before = upstreamRequests.get();
    for (String alias :
        List.of(
            "stored-azure-traversal", "stored-azure-template", "stored-gemini", "stored-openai")) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> chat(alias, false).returnResult(String.class).getStatus().value() != 404);
      for (boolean stream : List.of(false, true)) {
        chat(alias, stream)
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.error.type")
            .isEqualTo("invalid_request_error")
            .jsonPath("$.error.code")
            .isEqualTo("invalid_route_model")
            .jsonPath("$.error.message")
            .value(message -> assertThat((String) message).contains("administrator"));
      }
      node.http()
          .post()
          .uri("/v1/messages")
          .header("x-api-key", key)
          .header("anthropic-version", "2023-06-01")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(
              Map.of(
                  "model",
                  alias,
                  "max_tokens",
                  16,
                  "messages",
                  List.of(Map.of("role", "user", "content", "hi"))))
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("error")
          .jsonPath("$.error.type")
          .isEqualTo("invalid_request_error");
    }
    assertThat(upstreamRequests.get()).isEqualTo(before);
  }

  private static WebTestClient.ResponseSpec putRoute(String alias, Map<String, Object> body) {
    return node.http()
        .put()
        .uri("/admin/models/{alias}", alias)
        .header("Authorization", "Bearer " + admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  /** As a release without the check would have stored it: straight to the command bus. */
  private static void storeRoute(String alias, String provider, String model) {
    RouteDefinition route = RouteDefinition.single(provider, model);
    node.bean(CommandGateway.class)
        .sendAndWait(
            GenericCommandMessage.asCommandMessage(new ConfigureModelRoute(alias, route))
                .andMetaData(Map.of("actor", "admin", "actor_role", "admin")));
  }

  private static WebTestClient.ResponseSpec chat(String alias, boolean stream) {
    return node.chat(
        key,
        Map.of(
            "model",
            alias,
            "stream",
            stream,
            "messages",
            List.of(Map.of("role", "user", "content", "hi"))));
  }
}
