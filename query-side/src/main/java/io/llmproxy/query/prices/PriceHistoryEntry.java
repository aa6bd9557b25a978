package io.llmproxy.query.prices;

import io.llmproxy.kernel.pricing.ModelPriceSet;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One price of one model, as set; money as exact decimal text. */
@Entity
@Table(name = "price_history")
class PriceHistoryEntry {

  @Id private String version;
  private String model;
  private String inputPerMillion;
  private String outputPerMillion;
  private String cachedInputPerMillion;
  private String cacheWritePerMillion;
  private long effectiveFrom;
  private String source;
  private long setAt;

  protected PriceHistoryEntry() {
    // for JPA
  }

  PriceHistoryEntry(ModelPriceSet event) {
    this.version = event.version();
    this.model = event.model();
    this.inputPerMillion = text(event.price().inputPerMillion());
    this.outputPerMillion = text(event.price().outputPerMillion());
    this.cachedInputPerMillion = text(event.price().cachedInputPerMillion());
    this.cacheWritePerMillion = text(event.price().cacheWritePerMillion());
    this.effectiveFrom = micros(event.effectiveFrom());
    this.source = event.source();
    this.setAt = micros(event.setAt());
  }

  PriceView view() {
    return new PriceView(
        model,
        decimal(inputPerMillion),
        decimal(outputPerMillion),
        decimal(cachedInputPerMillion),
        decimal(cacheWritePerMillion),
        instant(effectiveFrom),
        version,
        source,
        instant(setAt));
  }

  private static String text(BigDecimal value) {
    return value == null ? null : value.toPlainString();
  }

  private static BigDecimal decimal(String text) {
    return text == null ? null : new BigDecimal(text);
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
