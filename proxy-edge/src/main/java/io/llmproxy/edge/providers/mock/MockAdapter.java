package io.llmproxy.edge.providers.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderAdapter;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.ProviderResponse;
import io.llmproxy.edge.providers.ProviderSettings;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.tokens.TokenCounter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The built-in provider: answers without any network, deterministically for the same request, after
 * a configurable latency, and counts tokens the way a real model would bill them. It always reports
 * usage, in the last stream chunk too, like an OpenAI upstream asked for it.
 */
public class MockAdapter implements ProviderAdapter {

  private final Duration latency;
  private final ObjectMapper json;
  private final MockAnswers answers;

  public MockAdapter(
      ProviderSettings.Provider settings, ObjectMapper json, TokenCounter tokens, Clock clock) {
    this.latency = settings.latency();
    this.json = json;
    this.answers = new MockAnswers(json, tokens, clock);
  }

  @Override
  public Mono<ProviderResponse> send(ProviderCall call) {
    Mono<ProviderResponse> answer =
        Mono.fromSupplier(
            () -> {
              MockAnswers.Answer built = answers.answer(call);
              return new ProviderResponse(bytes(built.body()), built.usage(), false);
            });
    return latency.isZero() ? answer : Mono.delay(latency).then(answer);
  }

  @Override
  public Flux<StreamChunk> stream(ProviderCall call) {
    if (call.operation() == Operation.EMBEDDINGS) {
      return Flux.error(
          new UpstreamException(400, null, "embeddings cannot be streamed by the mock"));
    }
    Flux<StreamChunk> chunks =
        Flux.defer(
            () -> {
              List<ObjectNode> built = answers.chunks(call);
              return Flux.fromIterable(built).map(chunk -> StreamChunk.of(text(chunk), chunk));
            });
    return latency.isZero() ? chunks : Mono.delay(latency).thenMany(chunks);
  }

  private byte[] bytes(ObjectNode body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String text(ObjectNode chunk) {
    try {
      return json.writeValueAsString(chunk);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
