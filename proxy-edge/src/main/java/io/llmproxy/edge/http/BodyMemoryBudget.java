package io.llmproxy.edge.http;

import io.llmproxy.edge.errors.ApiException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

/**
 * The memory all request bodies in flight may take on this node, counted as what a body becomes:
 * its raw bytes while read (the network buffers and the copy a handler reads), then its parsed form
 * while parsed, then what the parsed request keeps until the exchange ends. A request that would
 * take the node over the budget gets 503 at once instead of pushing the heap towards an {@link
 * OutOfMemoryError}; one that could not fit even alone gets 413.
 *
 * <p>The default, half the maximum heap, leaves the other half to everything else a node holds:
 * caches, registries, open streams and the collector's headroom.
 */
@Component
public class BodyMemoryBudget {

  private static final Logger log = LoggerFactory.getLogger(BodyMemoryBudget.class);
  private static final String ATTRIBUTE = BodyMemoryBudget.class.getName();
  // what a Jackson tree costs per structural character ({ [ , :): a node, its slot in the parent,
  // and a map entry for a field; measured at 60-90 bytes on a 64-bit JVM with compressed pointers
  private static final long BYTES_PER_NODE = 96;
  private static final long BUSY_RETRY_SECONDS = 1;

  private final long total;
  private final AtomicLong available;

  @Autowired
  BodyMemoryBudget(@Value("${llmproxy.body-memory:}") DataSize configured) {
    this(configured != null ? configured.toBytes() : Runtime.getRuntime().maxMemory() / 2);
  }

  BodyMemoryBudget(long total) {
    this.total = total;
    this.available = new AtomicLong(total);
    log.info("request bodies in flight may take up to {} MiB of heap", total >> 20);
  }

  public long total() {
    return total;
  }

  public long available() {
    return available.get();
  }

  /** The reservation of one exchange; empty until its body is read. */
  Reservation open(ServerWebExchange exchange) {
    Reservation reservation = new Reservation();
    exchange.getAttributes().put(ATTRIBUTE, reservation);
    return reservation;
  }

  /**
   * Parses {@code body} once the budget has room for its parsed form; afterwards keeps only what
   * the parsed request holds until the exchange ends.
   */
  public <T> T parse(ServerWebExchange exchange, byte[] body, Function<byte[], T> parser) {
    Reservation reservation = exchange.getAttribute(ATTRIBUTE);
    if (reservation == null || body == null) {
      return parser.apply(body);
    }
    long nodes = structuralCharacters(body);
    // while parsing: the raw copy, Jackson's char buffers (2 bytes a char) and the strings built
    // from them, the nodes, and the copy sent upstream
    reservation.growTo(body.length * 5L + nodes * BYTES_PER_NODE);
    T parsed = parser.apply(body);
    // afterwards: the tree and the request body written upstream
    reservation.shrinkTo(body.length * 2L + nodes * BYTES_PER_NODE);
    return parsed;
  }

  static long structuralCharacters(byte[] body) {
    long count = 0;
    boolean inString = false;
    boolean escaped = false;
    for (byte b : body) {
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[' || b == ',' || b == ':') {
        count++;
      }
    }
    return count;
  }

  private boolean take(long bytes) {
    long left;
    do {
      left = available.get();
      if (left < bytes) {
        return false;
      }
    } while (!available.compareAndSet(left, left - bytes));
    return true;
  }

  /** What one exchange holds of the budget; given back whole when the exchange ends. */
  public final class Reservation {

    private long held;
    private boolean released;

    synchronized void growForRawBytes(long bytes) {
      // the network buffers and the copy the handler reads
      growTo(held + 2 * bytes);
    }

    synchronized void growTo(long bytes) {
      if (released || bytes <= held) {
        return;
      }
      if (bytes > total) {
        throw tooLargeForMemory();
      }
      if (!take(bytes - held)) {
        throw busy();
      }
      held = bytes;
    }

    synchronized void shrinkTo(long bytes) {
      if (!released && bytes < held) {
        available.addAndGet(held - bytes);
        held = bytes;
      }
    }

    synchronized void release() {
      if (!released) {
        released = true;
        available.addAndGet(held);
        held = 0;
      }
    }
  }

  private ApiException busy() {
    return new ApiException(
            HttpStatus.SERVICE_UNAVAILABLE,
            "api_error",
            "server_busy",
            null,
            "The proxy is reading as many request bodies as its memory allows; retry shortly.")
        .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(BUSY_RETRY_SECONDS));
  }

  private ApiException tooLargeForMemory() {
    return new ApiException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "invalid_request_error",
        "request_too_large",
        null,
        "The request body would take more memory once parsed than this proxy allows for one"
            + " request ("
            + total
            + " bytes); send a smaller body.");
  }
}
