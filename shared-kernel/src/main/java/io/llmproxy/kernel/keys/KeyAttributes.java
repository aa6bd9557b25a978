package io.llmproxy.kernel.keys;

import io.llmproxy.kernel.budget.Budget;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Everything about a key an administrator can change after issuing it. Events carry the whole set,
 * so a projection or registry never needs the key's earlier events to know its current state.
 *
 * @param allowedModels aliases the key may call: {@code ["*"]} ({@link #EVERY_ALIAS} alone) is
 *     every alias, present and future; empty is none. Before {@link #EXPLICIT_EVERY_ALIAS} empty
 *     meant every alias, which is why events of that time are upcast on reading
 * @param expiresAt null for a key that never expires
 * @param limits the key's own rate limits; {@link RateLimits#NONE} falls back to its team's
 * @param owner free text naming who the key belongs to, or null
 * @param teamId the team the key's traffic and spend count towards, or null
 * @param budget the key's own spending limit, or null
 * @param metadata caller-defined labels, reported back unchanged
 */
public record KeyAttributes(
    String name,
    List<String> allowedModels,
    Instant expiresAt,
    RateLimits limits,
    String owner,
    String teamId,
    Budget budget,
    Map<String, String> metadata) {

  /** The one entry of {@code allowedModels} that lets a key call every alias. */
  public static final String EVERY_ALIAS = "*";

  /**
   * The payload revision of the key events carrying allowed models since {@link #EVERY_ALIAS}
   * became explicit; events without a revision were written when an empty list meant every alias.
   */
  public static final String EXPLICIT_EVERY_ALIAS = "2";

  /** Why a list naming aliases beside {@code "*"} is refused, in the admin API's words. */
  public static final String EVERY_ALIAS_ALONE =
      "models: \"*\" already allows every alias; send [\"*\"] alone or list the aliases without it";

  public KeyAttributes {
    allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
    requireEveryAliasAlone(allowedModels);
    limits = RateLimits.orNone(limits);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** Whether {@code allowedModels} lets a key call {@code alias}. */
  public static boolean allows(Collection<String> allowedModels, String alias) {
    return allowedModels.contains(EVERY_ALIAS) || allowedModels.contains(alias);
  }

  private static void requireEveryAliasAlone(List<String> allowedModels) {
    if (allowedModels.contains(EVERY_ALIAS) && allowedModels.size() > 1) {
      throw new IllegalArgumentException(EVERY_ALIAS_ALONE);
    }
  }
}
