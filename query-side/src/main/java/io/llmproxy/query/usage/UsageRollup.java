package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.TokenUsage;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** Usage of one key on one model alias within one UTC hour. */
@Entity
@Table(name = "usage_hourly_by_key_alias")
@IdClass(UsageRollup.Key.class)
public class UsageRollup {

  @Id private String keyId;
  @Id private String alias;
  @Id private long hourStart;

  private long requests;
  private long promptTokens;
  private long completionTokens;
  private long totalTokens;

  protected UsageRollup() {
    // for JPA
  }

  UsageRollup(Key key) {
    this.keyId = key.keyId;
    this.alias = key.alias;
    this.hourStart = key.hourStart;
  }

  /**
   * Adds one ledger entry. A failed attempt that was followed by another is the same client
   * request, so only its tokens (none, usually) count, not another request.
   */
  void add(TokenUsage usage, boolean retriedAttempt) {
    if (!retriedAttempt) {
      requests++;
    }
    promptTokens += usage.promptTokens();
    completionTokens += usage.completionTokens();
    totalTokens += usage.totalTokens();
  }

  /** Composite primary key: (key, alias, hour start in epoch seconds). */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    private String keyId;
    private String alias;
    private long hourStart;

    protected Key() {
      // for JPA
    }

    Key(String keyId, String alias, long hourStart) {
      this.keyId = keyId;
      this.alias = alias;
      this.hourStart = hourStart;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && hourStart == key.hourStart
          && Objects.equals(keyId, key.keyId)
          && Objects.equals(alias, key.alias);
    }

    @Override
    public int hashCode() {
      return Objects.hash(keyId, alias, hourStart);
    }
  }
}
