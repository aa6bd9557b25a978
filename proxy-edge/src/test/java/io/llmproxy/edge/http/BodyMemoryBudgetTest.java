package io.llmproxy.edge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.edge.errors.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

/**
 * The arithmetic of the node's body memory budget, one exchange at a time; {@link
 * BodyMemoryBudgetConcurrencyTest} has many at once.
 */
class BodyMemoryBudgetTest {

  private static final long TOTAL = 1000;
  // what BodyMemoryBudget charges a parsed node: its estimate, restated so a change shows here
  private static final long PER_NODE = 96;

  private final BodyMemoryBudget budget = new BodyMemoryBudget(TOTAL);

  static ServerWebExchange exchange() {
    return MockServerWebExchange.from(MockServerHttpRequest.post("/v1/chat/completions"));
  }

  @Test
  void theDefaultIsAFifthOfTheMaximumHeap() {
    assertThat(new BodyMemoryBudget((DataSize) null).total())
        .isEqualTo(Runtime.getRuntime().maxMemory() / 5);
    assertThat(new BodyMemoryBudget(DataSize.ofMegabytes(8)).total()).isEqualTo(8L << 20);
  }

  @Test
  void rawBytesAreHeldTwiceAndAllOfItComesBackOnRelease() {
    BodyMemoryBudget.Reservation reservation = budget.open(exchange());
    assertThat(budget.available()).isEqualTo(TOTAL);

    reservation.growForRawBytes(100);
    assertThat(budget.available()).isEqualTo(TOTAL - 200);
    reservation.growForRawBytes(50);
    assertThat(budget.available()).isEqualTo(TOTAL - 300);

    reservation.release();
    assertThat(budget.available()).isEqualTo(TOTAL);
  }

  @Test
  void growingTakesOnlyTheDifferenceAndNeverShrinks() {
    BodyMemoryBudget.Reservation reservation = budget.open(exchange());
    reservation.growTo(300);
    reservation.growTo(400);
    assertThat(budget.available()).isEqualTo(TOTAL - 400);
    reservation.growTo(100);
    assertThat(budget.available()).isEqualTo(TOTAL - 400);
    reservation.release();
    assertThat(budget.available()).isEqualTo(TOTAL);
  }

  @Test
  void shrinkingGivesBackTheDifferenceAndNeverGrows() {
    BodyMemoryBudget.Reservation reservation = budget.open(exchange());
    reservation.growTo(600);
    reservation.shrinkTo(250);
    assertThat(budget.available()).isEqualTo(TOTAL - 250);
    reservation.shrinkTo(900);
    assertThat(budget.available()).isEqualTo(TOTAL - 250);
    reservation.release();
    assertThat(budget.available()).isEqualTo(TOTAL);
  }

  @Test
  void aSecondReleaseGivesNothingBackAndAReleasedReservationTakesNothing() {
    BodyMemoryBudget.Reservation first = budget.open(exchange());
    BodyMemoryBudget.Reservation second = budget.open(exchange());
    first.growTo(300);
    second.growTo(200);

    first.release();
    first.release();
    assertThat(budget.available()).isEqualTo(TOTAL - 200);

    // a body read after its exchange ended must not leak what it takes
    first.growTo(500);
    first.growForRawBytes(100);
    first.shrinkTo(0);
    assertThat(budget.available()).isEqualTo(TOTAL - 200);

    second.release();
    assertThat(budget.available()).isEqualTo(TOTAL);
  }

  @Test
  void aGrowthTheBudgetCannotCoverNowIsBusyAndTakesNothing() {
    BodyMemoryBudget.Reservation other = budget.open(exchange());
    other.growTo(700);
    BodyMemoryBudget.Reservation reservation = budget.open(exchange());
    reservation.growTo(100);

    assertThatThrownBy(() -> reservation.growTo(301))
        .isInstanceOfSatisfying(
            ApiException.class,
            busy -> {
              assertThat(busy.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(busy.code()).isEqualTo("server_busy");
              assertThat(busy.headers()).containsEntry("Retry-After", "1");
            });
    assertThat(budget.available()).isEqualTo(TOTAL - 800);

    // exactly what is left still fits
    reservation.growTo(300);
    assertThat(budget.available()).isZero();
    other.release();
    reservation.release();
    assertThat(budget.available()).isEqualTo(TOTAL);
  }

  @Test
  void aGrowthBeyondTheWholeBudgetIsTooLargeEvenWhenNothingElseHoldsAny() {
    BodyMemoryBudget.Reservation reservation = budget.open(exchange());
    reservation.growTo(TOTAL);
    reservation.shrinkTo(10);

    assertThatThrownBy(() -> reservation.growTo(TOTAL + 1))
        .isInstanceOfSatisfying(
            ApiException.class,
            tooLarge -> {
              assertThat(tooLarge.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
              assertThat(tooLarge.code()).isEqualTo("request_too_large");
            });
    assertThat(budget.available()).isEqualTo(TOTAL - 10);
    reservation.release();
    assertThat(budget.available()).isEqualTo(TOTAL);
  }

  @Test
  void parsingHoldsFiveTimesTheBodyAndItsNodesThenTwiceTheBodyAndItsNodes() {
    BodyMemoryBudget budget = new BodyMemoryBudget(10_000);
    ServerWebExchange exchange = exchange();
    BodyMemoryBudget.Reservation reservation = budget.open(exchange);
    byte[] body = "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.US_ASCII);
    long nodes = 5; // { : , : [
    long length = body.length;
    reservation.growForRawBytes(length);

    AtomicLong duringParse = new AtomicLong();
    String parsed =
        budget.parse(
            exchange,
            body,
            bytes -> {
              duringParse.set(budget.available());
              return new String(bytes, StandardCharsets.US_ASCII);
            });

    assertThat(parsed).startsWith("{\"model\"");
    assertThat(BodyMemoryBudget.structuralCharacters(body)).isEqualTo(nodes);
    assertThat(duringParse.get()).isEqualTo(10_000 - (5 * length + nodes * PER_NODE));
    assertThat(budget.available()).isEqualTo(10_000 - (2 * length + nodes * PER_NODE));
    reservation.release();
    assertThat(budget.available()).isEqualTo(10_000);
  }

  @Test
  void aBodyWhoseTreeCouldNeverFitIsRefusedBeforeItIsParsed() {
    BodyMemoryBudget budget = new BodyMemoryBudget(10_000);
    ServerWebExchange exchange = exchange();
    BodyMemoryBudget.Reservation reservation = budget.open(exchange);
    // 200 bytes, but 100 nodes of 96 bytes and more once parsed
    byte[] body = ("[" + "1,".repeat(99) + "1]").getBytes(StandardCharsets.US_ASCII);
    reservation.growForRawBytes(body.length);
    AtomicBoolean parsed = new AtomicBoolean();

    assertThatThrownBy(() -> budget.parse(exchange, body, bytes -> parsed.getAndSet(true)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
    assertThat(parsed).isFalse();
    assertThat(budget.available()).isEqualTo(10_000 - 2 * body.length);
    reservation.release();
    assertThat(budget.available()).isEqualTo(10_000);
  }

  @Test
  void theLargestParsedBodyIsTheLargestParseCanTakeWhenTheBudgetIsEmpty() {
    assertThat(budget.largestParsedBody()).isEqualTo(200);
    // a JSON string: no structural character, so five bytes of budget per byte of body
    byte[] largest = ("\"" + "a".repeat(198) + "\"").getBytes(StandardCharsets.US_ASCII);
    byte[] larger = ("\"" + "a".repeat(199) + "\"").getBytes(StandardCharsets.US_ASCII);

    ServerWebExchange fits = exchange();
    BodyMemoryBudget.Reservation reservation = budget.open(fits);
    byte[] parsed = budget.parse(fits, largest, bytes -> bytes);
    assertThat(parsed).isSameAs(largest);
    reservation.release();

    ServerWebExchange tooLarge = exchange();
    budget.open(tooLarge);
    assertThatThrownBy(() -> budget.parse(tooLarge, larger, bytes -> bytes))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
    assertThat(budget.available()).isEqualTo(TOTAL);
  }

  @Test
  void aParserThatFailsLeavesItsShareToTheReleaseAtTheEndOfTheExchange() {
    ServerWebExchange exchange = exchange();
    BodyMemoryBudget.Reservation reservation = budget.open(exchange);
    byte[] body = "{not json".getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(
            () ->
                budget.parse(
                    exchange,
                    body,
                    bytes -> {
                      throw ApiException.badRequest("not JSON", null);
                    }))
        .isInstanceOf(ApiException.class);
    assertThat(budget.available()).isEqualTo(TOTAL - (5L * body.length + PER_NODE));
    reservation.release();
    assertThat(budget.available()).isEqualTo(TOTAL);
  }

  @Test
  void anExchangeWithoutAReservationIsParsedWithoutTheBudget() {
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.US_ASCII);
    Integer parsed = budget.parse(exchange(), body, bytes -> bytes.length);
    assertThat(parsed).isEqualTo(body.length);
    assertThat(budget.available()).isEqualTo(TOTAL);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``|0",
        "`{}`|1",
        "`[]`|1",
        "`{\"a\":1}`|2",
        "`{\"a\":[1,2,{\"b\":null}]}`|7",
        // structural characters inside strings are text
        "`{\"a{[,:\":\"}],[{:\"}`|2",
        // an escaped quote does not end the string
        "`[\"say \\\"{,}\\\" twice\",1]`|2",
        // an escaped backslash does, so what follows its quote counts again
        "`[\"\\\\\",1,2]`|3",
        "`[\"\\\\\\\"\",{}]`|3",
        // a unicode escape is four characters of text
        "`[\"\\u007b\",[]]`|3",
        // multi-byte UTF-8 never contains an ASCII byte
        "`{\"ü€𝄞\":[\"😀,\"]}`|3",
        // an unterminated string hides the rest, which the parser refuses anyway
        "`[\"open,[,[,[`|1",
      })
  void structuralCharactersCountOnlyOutsideStrings(String json, long expected) {
    assertThat(BodyMemoryBudget.structuralCharacters(json.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(expected);
  }
}
