package io.llmproxy.app.ops;

import java.util.Map;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;

/** The tracking and pooled processors of this node, by name; subscribing ones have no position. */
final class StreamingProcessors {

  private StreamingProcessors() {}

  static Map<String, StreamingEventProcessor> of(EventProcessingConfiguration processing) {
    Map<String, StreamingEventProcessor> streaming = new TreeMap<>();
    processing
        .eventProcessors()
        .forEach(
            (name, processor) -> {
              if (processor instanceof StreamingEventProcessor s) {
                streaming.put(name, s);
              }
            });
    return streaming;
  }
}
