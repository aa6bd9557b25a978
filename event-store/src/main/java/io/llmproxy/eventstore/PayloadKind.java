package io.llmproxy.eventstore;

/**
 * Which events a typed read selects: a payload type within an aggregate type (the pair the store's
 * (type, global_index) index narrows to first).
 */
public record PayloadKind(String aggregateType, String payloadType) {

  public static PayloadKind of(String aggregateType, Class<?> payload) {
    return new PayloadKind(aggregateType, payload.getName());
  }
}
