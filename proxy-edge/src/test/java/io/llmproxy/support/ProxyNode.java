package io.llmproxy.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.app.LlmProxyApplication;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
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
    return start(dataDir, extra, new Class<?>[0]);
  }

  /**
   * Starts a node that can be stopped while other nodes of this JVM go on running: it has its own
   * Netty event loops.
   */
  public static ProxyNode startStoppable(Path dataDir, Map<String, Object> extra) {
    return start(dataDir, extra, OwnNettyResources.class);
  }

  /**
   * Starts a node whose application also has {@code sources}: classes with {@code @Bean} methods
   * that add or, marked {@code @Primary}, replace beans (not annotated {@code @Configuration}, or
   * component scanning would hand them to every node).
   */
  public static ProxyNode start(Path dataDir, Map<String, Object> extra, Class<?>... sources) {
    LlmProxyApplication.disableAxonUpdateChecker();
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", 0);
    properties.put("llmproxy.data-dir", dataDir.toString());
    properties.put("llmproxy.admin-password", ADMIN_PASSWORD);
    // a test whose client left a response unread would otherwise hold every close for 30 s
    properties.put("spring.lifecycle.timeout-per-shutdown-phase", "3s");
    properties.putAll(extra);
    // as command-line arguments, so they outrank application.yml (builder properties would not)
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(LlmProxyApplication.class)
            .sources(sources)
            .listeners(OneLoggingSetupAtATime.listeners().toArray(ApplicationListener[]::new))
            .run(args);
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
    return login("admin", ADMIN_PASSWORD);
  }

  /** Signs in as any administrator, the bootstrap one or an admin user; returns the token. */
  public String login(String username, String password) {
    JsonNode session =
        http.post()
            .uri("/admin/session")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("username", username, "password", password))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    return session.path("token").asText();
  }

  /** Creates an admin user ({@code role} {@code admin} or {@code viewer}) through the API. */
  public void createUser(String adminToken, String username, String role, String password) {
    http.post()
        .uri("/admin/users")
        .header("Authorization", "Bearer " + adminToken)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("username", username, "role", role, "password", password))
        .exchange()
        .expectStatus()
        .isCreated();
  }

  public void route(String adminToken, String alias, String provider, String model) {
    http.put()
        .uri("/admin/models/{alias}", alias)
        .header("Authorization", "Bearer " + adminToken)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("provider", provider, "model", model))
        .exchange()
        .expectStatus()
        .isOk();
  }

  /** Sends {@code body} (JSON text or an object to serialise) to the chat endpoint with a key. */
  public WebTestClient.ResponseSpec chat(String key, Object body) {
    return http.post()
        .uri("/v1/chat/completions")
        .header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  /** A one-message, non-streaming chat request for {@code model}. */
  public WebTestClient.ResponseSpec chat(String key, String model, String text) {
    return chat(
        key, Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", text))));
  }

  /**
   * Returns the plaintext, which only the issue reply carries. {@code models}: the aliases the key
   * may call, {@code ["*"]} for every alias, empty for none.
   */
  public String issueKey(String adminToken, String name, List<String> models) {
    return issueKey(adminToken, Map.of("name", name, "models", models));
  }

  /** Issues a key from a whole request body, e.g. one with {@code limits}. */
  public String issueKey(String adminToken, Map<String, Object> body) {
    JsonNode issued =
        http.post()
            .uri("/admin/keys")
            .header("Authorization", "Bearer " + adminToken)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(JsonNode.class)
            .returnResult()
            .getResponseBody();
    return issued.path("key").asText();
  }

  public void revoke(String adminToken, String keyId) {
    http.delete()
        .uri("/admin/keys/{id}", keyId)
        .header("Authorization", "Bearer " + adminToken)
        .exchange()
        .expectStatus()
        .isNoContent();
  }

  /** Straight from the event store: what is durable, not what a projection has caught up on. */
  public List<UsageRecorded> ledger(String keyId) {
    return bean(EventStore.class)
        .readEvents(UsageRecorded.ledgerStreamId(keyId))
        .asStream()
        .map(message -> (UsageRecorded) message.getPayload())
        .toList();
  }

  /**
   * Every event in the store but the usage ledger's, oldest first: what administrators' requests
   * (and the price import at start) caused.
   */
  public List<TrackedEventMessage<?>> administrativeEvents() {
    try (Stream<? extends TrackedEventMessage<?>> events =
        bean(EventStorageEngine.class).readEvents(null, false)) {
      return List.copyOf(
          events.filter(event -> !UsageRecorded.class.equals(event.getPayloadType())).toList());
    }
  }

  /** The id is part of the plaintext {@code sk-llmp-<id>-<secret>}: no need to keep the reply. */
  public static String keyId(String plaintextKey) {
    return plaintextKey.split("-")[2];
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
