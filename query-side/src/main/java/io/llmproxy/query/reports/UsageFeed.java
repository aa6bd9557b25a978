package io.llmproxy.query.reports;

import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Request-log entries as they are committed, for {@code GET /api/usage/stream}. Best effort by
 * design: a subscriber that cannot keep up misses entries rather than holding back the projection,
 * and the request log remains the complete record.
 */
@Component
public class UsageFeed {

  private final Sinks.Many<RequestLogEntry> sink = Sinks.many().multicast().directBestEffort();

  void publish(List<RequestLogEntry> entries) {
    for (RequestLogEntry entry : entries) {
      // several processor threads may publish; the sink wants one emitter at a time
      synchronized (sink) {
        sink.tryEmitNext(entry);
      }
    }
  }

  Flux<RequestLogEntry> entries() {
    return sink.asFlux();
  }
}
