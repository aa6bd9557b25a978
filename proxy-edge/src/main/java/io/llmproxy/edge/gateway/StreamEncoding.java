package io.llmproxy.edge.gateway;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.kernel.usage.TokenUsage;
import java.util.List;

/**
 * How one front door writes a stream to its clients. Chunks arrive from the provider in OpenAI's
 * shape; an encoding turns each into zero or more SSE frames of its own API. Stateful, one per
 * request.
 */
public interface StreamEncoding {

  /** The frames for one provider chunk, possibly none. */
  List<byte[]> chunk(StreamChunk chunk);

  /** The closing frames, released once the request's usage is durable. */
  List<byte[]> completed(TokenUsage usage);

  /** The frame that ends a stream which has already started when the provider fails. */
  byte[] failed(ApiException error);
}
