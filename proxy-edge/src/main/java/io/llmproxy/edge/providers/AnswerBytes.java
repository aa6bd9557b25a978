package io.llmproxy.edge.providers;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/**
 * A whole answer body as one array, read no further than the answer limit: an upstream that
 * announces or sends more fails with {@link AnswerTooLarge} before the bytes over the limit are
 * kept.
 */
final class AnswerBytes {

  private final long limit;
  private final List<byte[]> parts = new ArrayList<>(2);
  private long size;

  private AnswerBytes(long limit) {
    this.limit = limit;
  }

  static Mono<byte[]> read(
      HttpClientResponse response, Connection connection, DataSize maxAnswerSize) {
    long limit = maxAnswerSize.toBytes();
    String announced = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (announced != null && announcedOver(announced, limit)) {
      // closed rather than drained: what is over the limit is never read
      connection.dispose();
      return Mono.error(AnswerTooLarge.answer(maxAnswerSize));
    }
    return connection
        .inbound()
        .receive()
        .asByteArray()
        .reduceWith(() -> new AnswerBytes(limit), (read, part) -> read.add(part, maxAnswerSize))
        .map(AnswerBytes::joined)
        .defaultIfEmpty(new byte[0]);
  }

  private static boolean announcedOver(String contentLength, long limit) {
    try {
      return Long.parseLong(contentLength.strip()) > limit;
    } catch (NumberFormatException unreadable) {
      // the server's framing decides how much arrives; the running count still applies
      return false;
    }
  }

  private AnswerBytes add(byte[] part, DataSize maxAnswerSize) {
    size += part.length;
    if (size > limit) {
      throw AnswerTooLarge.answer(maxAnswerSize);
    }
    parts.add(part);
    return this;
  }

  private byte[] joined() {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    byte[] all = new byte[(int) size];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
