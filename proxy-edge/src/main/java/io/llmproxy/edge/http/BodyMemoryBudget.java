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
 * <p>The default is a fifth of the maximum heap. The budget counts what bodies hold, not the
 * garbage they leave (a parse's char buffers and builder, the raw copy), nor what the request costs
 * afterwards (token counting), nor what else the node holds (about 84 MiB live in the image's 164
 * MiB heap once the tokenizer has loaded); and G1 must find contiguous free regions for every
 * body-sized array. In that heap, waves of fifty of the largest bodies a budget parses
 * (bench/body-flood.sh) ran the node out of memory with half the heap (82 MiB, 16 MB bodies; one
 * such request at a time did too), filled it with 64 MiB (a full collection at 162 of 164 MiB), and
 * forced full collections at 149-152 MiB in three runs of five with a quarter; with a fifth (6.7 MB
 * bodies) one run of four had one.
 */
@Component
public class BodyMemoryBudget {

  private static final Logger log = LoggerFactory.getLogger(BodyMemoryBudget.class);
  private static final String ATTRIBUTE = BodyMemoryBudget.class.getName();
  // what a Jackson tree costs per structural character ({ [ , :): a node, its slot in the parent,
  // and a map entry for a field; measured at 60-90 bytes on a 64-bit JVM with compressed pointers
  private static final long BYTES_PER_NODE = 96;
  // while parsing: the raw copy, Jackson's char buffers (2 bytes a char) and the strings built
  // from them, the nodes, and the copy sent upstream
  private static final long WHILE_PARSED_PER_BYTE = 5;
  // afterwards: the tree and the request body written upstream
  private static final long AFTER_PARSED_PER_BYTE = 2;
  private static final long BUSY_RETRY_SECONDS = 1;

  private final long total;
  private final AtomicLong available;

  @Autowired
  BodyMemoryBudget(@Value("${llmproxy.body-memory:}") DataSize configured) {
    this(configured != null ? configured.toBytes() : Runtime.getRuntime().maxMemory() / 5);
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
    reservation.growTo(body.length * WHILE_PARSED_PER_BYTE + nodes * BYTES_PER_NODE);
    T parsed = parser.apply(body);
    reservation.shrinkTo(body.length * AFTER_PARSED_PER_BYTE + nodes * BYTES_PER_NODE);
    return parsed;
  }

  /**
   * The largest body {@link #parse} could ever take, however empty the budget: one larger is
   * refused whatever its content, so it may be refused before it is read.
   */
  public long largestParsedBody() {
    return total / WHILE_PARSED_PER_BYTE;
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

  ApiException tooLargeForMemory() {
    return new ApiException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "invalid_request_error",
        "request_too_large",
        null,
        "The request body would take more memory once parsed than this proxy allows for one"
            + " request (llmproxy.body-memory, "
            + total
            + " bytes: bodies of "
            + largestParsedBody()
            + " bytes at most); send a smaller body.");
  }
}
