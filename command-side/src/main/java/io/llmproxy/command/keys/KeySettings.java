package io.llmproxy.command.keys;

import static io.llmproxy.command.web.Requests.badRequest;
import static io.llmproxy.command.web.Requests.requireIdentifier;
import static io.llmproxy.command.web.Requests.requireText;

import io.llmproxy.command.web.BudgetBody;
import io.llmproxy.kernel.keys.KeyAttributes;
import io.llmproxy.kernel.keys.RateLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A key's settings as the admin API reads and writes them ({@code POST /admin/keys} body, and part
 * of every key answer). {@code models} is required: {@code ["*"]} allows every alias, {@code []}
 * none, so a forgotten field can never grant everything. Absent limits fall back to the team's
 * per-key limits.
 */
public record KeySettings(
    String name,
    List<String> models,
    Instant expiresAt,
    RateLimits limits,
    String owner,
    String teamId,
    BudgetBody budget,
    Map<String, String> metadata) {

  static final int MAX_NAME = 200;
  static final int MAX_MODELS = 200;
  static final int MAX_OWNER = 200;
  static final int MAX_METADATA_ENTRIES = 32;
  static final int MAX_METADATA_KEY = 64;
  static final int MAX_METADATA_VALUE = 512;
  private static final Pattern TEAM_ID = Pattern.compile("team_[a-z0-9]{12}");

  static KeySettings of(KeyAttributes attributes) {
    return new KeySettings(
        attributes.name(),
        attributes.allowedModels(),
        attributes.expiresAt(),
        attributes.limits(),
        attributes.owner(),
        attributes.teamId(),
        BudgetBody.of(attributes.budget()),
        attributes.metadata());
  }

  /** The checked attributes of a new key; a malformed field is a 400 naming it. */
  KeyAttributes toAttributes() {
    return new KeyAttributes(
        requireText(name, "name", MAX_NAME),
        models(models),
        expiresAt,
        limits,
        owner == null ? null : owner(owner),
        teamId == null ? null : teamId(teamId),
        budget == null ? null : budget.toBudget(),
        metadata == null ? Map.of() : metadata(metadata));
  }

  /** The aliases a key may call, checked; {@code ["*"]} alone is every alias. */
  static List<String> models(List<String> models) {
    if (models == null) {
      throw badRequest(
          "models is required: list the aliases the key may call, or send [\"*\"] for every"
              + " alias");
    }
    if (models.size() > MAX_MODELS) {
      throw badRequest("models may list at most " + MAX_MODELS + " aliases");
    }
    List<String> aliases =
        models.stream()
            .map(alias -> isEveryAlias(alias) ? alias : requireIdentifier(alias, "models[]"))
            .distinct()
            .toList();
    if (aliases.contains(KeyAttributes.EVERY_ALIAS) && aliases.size() > 1) {
      throw badRequest(KeyAttributes.EVERY_ALIAS_ALONE);
    }
    return aliases;
  }

  private static boolean isEveryAlias(String alias) {
    return KeyAttributes.EVERY_ALIAS.equals(alias);
  }

  static String owner(String owner) {
    return requireText(owner, "owner", MAX_OWNER);
  }

  static String teamId(String teamId) {
    if (!TEAM_ID.matcher(teamId).matches()) {
      throw badRequest("team_id must look like team_xxxxxxxxxxxx (as POST /admin/teams returns)");
    }
    return teamId;
  }

  static Map<String, String> metadata(Map<String, String> metadata) {
    if (metadata.size() > MAX_METADATA_ENTRIES) {
      throw badRequest("metadata may hold at most " + MAX_METADATA_ENTRIES + " entries");
    }
    metadata.forEach(
        (key, value) -> {
          requireIdentifier(key, "metadata key");
          if (key.length() > MAX_METADATA_KEY) {
            throw badRequest("metadata keys must be at most " + MAX_METADATA_KEY + " characters");
          }
          if (value == null || value.length() > MAX_METADATA_VALUE) {
            throw badRequest(
                "metadata." + key + " must be a string of at most " + MAX_METADATA_VALUE);
          }
        });
    return metadata;
  }
}
