package io.llmproxy.query.keys;

import io.llmproxy.query.readmodel.BudgetView;
import io.llmproxy.query.readmodel.LimitsView;
import io.llmproxy.query.readmodel.SpendView;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A key as {@code /api/keys} shows it: its settings in the admin API's field names, its state, and
 * never a secret or a hash of one.
 *
 * @param displayPrefix the current secret's recognisable start (it changes on rotation)
 * @param status active, suspended, revoked, or expired once {@code expiresAt} has passed
 * @param models aliases the key may call: {@code ["*"]} every alias, empty none
 * @param teamName the team's current name, null without a team
 * @param updatedAt the last change of any kind: settings, rotation, suspension, revocation
 * @param previousValidUntil until when the secret replaced by the last rotation still works
 */
public record KeyView(
    String id,
    String name,
    String displayPrefix,
    String status,
    List<String> models,
    Instant expiresAt,
    LimitsView limits,
    String owner,
    String teamId,
    String teamName,
    BudgetView budget,
    Map<String, String> metadata,
    Instant createdAt,
    Instant updatedAt,
    Instant lastRotatedAt,
    Instant previousValidUntil,
    Instant revokedAt,
    SpendView spend) {

  KeyView withSpend(SpendView periodSpend) {
    return new KeyView(
        id,
        name,
        displayPrefix,
        status,
        models,
        expiresAt,
        limits,
        owner,
        teamId,
        teamName,
        budget,
        metadata,
        createdAt,
        updatedAt,
        lastRotatedAt,
        previousValidUntil,
        revokedAt,
        periodSpend);
  }
}
