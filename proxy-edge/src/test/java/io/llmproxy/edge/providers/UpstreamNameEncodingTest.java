package io.llmproxy.edge.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.llmproxy.edge.providers.anthropic.AnthropicAdapter;
import io.llmproxy.edge.providers.gemini.GeminiAdapter;
import io.llmproxy.edge.providers.openai.OpenAiCompatibleAdapter;
import io.llmproxy.edge.tokens.TokenCounter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * Each adapter given a route's name that never passed the admin API's check (as a route stored by
 * an older release would be): whatever the name holds, the request line the provider receives has
 * the adapter's own path, with the name as one encoded segment where the provider puts it in the
 * URL, and the name only in the body where it does not.
 */
class UpstreamNameEncodingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UsageEstimator ESTIMATOR = new UsageEstimator(new TokenCounter());

  private static HttpServer server;
  private static final List<String> targets = new CopyOnWriteArrayList<>();
  private static final List<String> bodies = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          URI uri = exchange.getRequestURI();
          targets.add(
              uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] refusal =
              "{\"error\":{\"message\":\"recorded\",\"type\":\"invalid_request_error\"}}"
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(400, refusal.length);
          exchange.getResponseBody().write(refusal);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @BeforeEach
  void forget() {
    targets.clear();
    bodies.clear();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../../../v1/files?purpose=probe#",
        "gpt-{x}",
        "{x}",
        "a b",
        "50%",
        "50%2F..",
        "..",
        ".",
        "x/../../y",
        "deployment#fragment",
        "name?api-version=1999-01-01",
        "tab\there",
        "new\nline",
        "ünïcode"
      })
  void azureSendsTheDeploymentAsOneEncodedSegment(String name) {
    ProviderAdapter azure =
        OpenAiCompatibleAdapter.azure(
            "azure",
            settings(ProviderKind.AZURE_OPENAI, "/openai", "2024-10-21"),
            JSON,
            ESTIMATOR,
            UpstreamLimits.DEFAULTS);
    exercise(azure::send, name, Operation.CHAT_COMPLETIONS);
    exercise(call -> azure.stream(call).then(Mono.empty()), name, Operation.CHAT_COMPLETIONS);
    exercise(azure::send, name, Operation.EMBEDDINGS);
    assertThat(targets).hasSize(3);
    assertOneSegment(targets.get(0), "/openai/deployments/", name, "/chat/completions");
    assertOneSegment(targets.get(1), "/openai/deployments/", name, "/chat/completions");
    assertOneSegment(targets.get(2), "/openai/deployments/", name, "/embeddings");
    targets.forEach(target -> assertThat(target).endsWith("?api-version=2024-10-21"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../../../v1/files?purpose=probe#",
        "gemini-{x}",
        "a b",
        "50%",
        "..",
        "models/../../v1/files",
        "tunedModels/x?alt=json#",
        "models/a/b"
      })
  void geminiSendsTheModelIdAsOneEncodedSegment(String name) {
    ProviderAdapter gemini =
        GeminiAdapter.create(
            "gemini",
            settings(ProviderKind.GEMINI, "/v1beta", null),
            JSON,
            ESTIMATOR,
            Clock.systemUTC(),
            UpstreamLimits.DEFAULTS);
    exercise(gemini::send, name, Operation.CHAT_COMPLETIONS);
    exercise(call -> gemini.stream(call).then(Mono.empty()), name, Operation.CHAT_COMPLETIONS);
    assertThat(targets).hasSize(2);
    String prefix = name.startsWith("tunedModels/") ? "/v1beta/tunedModels/" : "/v1beta/models/";
    String id = name.replaceFirst("^(models|tunedModels)/", "");
    assertOneSegment(pathOf(targets.get(0)), prefix, id + ":generateContent", "");
    assertOneSegment(pathOf(targets.get(1)), prefix, id + ":streamGenerateContent", "");
    assertThat(targets.get(1)).endsWith("?alt=sse");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../../../v1/files?purpose=probe#", "gpt-{x}", "a b", "50%", ".."})
  void openAiAndAnthropicKeepTheNameInTheBodyAndOutOfTheUrl(String name) {
    ProviderAdapter openAi =
        OpenAiCompatibleAdapter.openAi(
            "openai",
            settings(ProviderKind.OPENAI_COMPATIBLE, "/v1", null),
            JSON,
            ESTIMATOR,
            UpstreamLimits.DEFAULTS);
    ProviderAdapter anthropic =
        new AnthropicAdapter(
            "anthropic",
            settings(ProviderKind.ANTHROPIC, "/v1", null),
            JSON,
            ESTIMATOR,
            Clock.systemUTC(),
            UpstreamLimits.DEFAULTS);
    exercise(openAi::send, name, Operation.CHAT_COMPLETIONS);
    exercise(anthropic::send, name, Operation.CHAT_COMPLETIONS);
    assertThat(targets).containsExactly("/v1/chat/completions", "/v1/messages");
    bodies.forEach(body -> assertThat(readModel(body)).isEqualTo(name));
  }

  private static void exercise(
      Function<ProviderCall, Mono<?>> send, String name, Operation operation) {
    ObjectNode request = JSON.createObjectNode().put("model", "alias");
    if (operation == Operation.EMBEDDINGS) {
      request.put("input", "hello");
    } else {
      request.putArray("messages").addObject().put("role", "user").put("content", "hi");
      request.put("max_tokens", 16);
    }
    send.apply(new ProviderCall("req-1", operation, name, request))
        .onErrorResume(UpstreamException.class, refused -> Mono.empty())
        .block(Duration.ofSeconds(10));
  }

  private static void assertOneSegment(String target, String prefix, String name, String suffix) {
    String path = pathOf(target);
    assertThat(path).startsWith(prefix).endsWith(suffix);
    String segment = path.substring(prefix.length(), path.length() - suffix.length());
    assertThat(segment).doesNotContain("/", "?", "#", "{", "}", " ").isNotIn(".", "..", "");
    assertThat(UriUtils.decode(segment, StandardCharsets.UTF_8)).isEqualTo(name);
  }

  private static String pathOf(String target) {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  private static String readModel(String body) {
    try {
      return JSON.readTree(body).path("model").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ProviderSettings.Provider settings(
      ProviderKind kind, String root, String apiVersion) {
    return new ProviderSettings.Provider(
        kind,
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + root),
        "secret",
        Duration.ofSeconds(10),
        Duration.ZERO,
        apiVersion,
        ProviderSettings.Provider.DEFAULT_MAX_CONNECTIONS);
  }
}
