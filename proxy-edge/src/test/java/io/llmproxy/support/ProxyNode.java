package io.llmproxy.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.app.LlmProxyApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One running proxy process-in-a-context on a random port, talked to over real HTTP. */
public final class ProxyNode implements AutoCloseable {

  public static final String ADMIN_PASSWORD = "test-admin-password-1";

  private final ConfigurableApplicationContext context;
  private final WebTestClient http;
  private final String baseUrl;

  private ProxyNode(ConfigurableApplicationContext context) {
    this.context = context;
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    this.baseUrl = "http://127.0.0.1:" + port;
    this.http =
        WebTestClient.bindToServer()
            .baseUrl(baseUrl)
            .responseTimeout(Duration.ofSeconds(30))
            .build();
  }

  /** Starts a node on {@code dataDir}; {@code extra} adds or overrides properties. */
  public static ProxyNode start(Path dataDir, Map<String, Object> extra) {
    LlmProxyApplication.disableAxonUpdateChecker();
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", 0);
    properties.put("llmproxy.data-dir", dataDir.toString());
    properties.put("llmproxy.admin-password", ADMIN_PASSWORD);
    properties.putAll(extra);
    // as command-line arguments, so they outrank application.yml (builder properties would not)
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(LlmProxyApplication.class).run(args);
    ProxyNode node = new ProxyNode(context);
    node.awaitReady();
    return node;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public WebTestClient http() {
    return http;
  }

  public ConfigurableApplicationContext context() {
    return context;
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public String login() {
    JsonNode session =
        http.post()
            .uri("/admin/session")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("username", "admin", "password", ADMIN_PASSWORD))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    return session.path("token").asText();
  }

  private void awaitReady() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                http.get()
                    .uri("/actuator/health/readiness")
                    .exchange()
                    .expectBody()
                    .returnResult()
                    .getStatus()
                    .is2xxSuccessful());
  }

  @Override
  public void close() {
    context.close();
  }
}
