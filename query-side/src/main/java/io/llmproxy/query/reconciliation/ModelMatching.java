package io.llmproxy.query.reconciliation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides under which model name each side's usage is compared.
 *
 * <p>Providers report the snapshot that served a request ({@code gpt-4o-mini-2024-07-18}, {@code
 * claude-sonnet-4-5-20250929}) while the ledger holds the name the route sent, often the undated
 * alias ({@code gpt-4o-mini}). So names are grouped by their base (the name without a trailing
 * snapshot date or {@code -latest}). Where both sides use exactly the same names within a group,
 * each name is compared on its own; otherwise the whole group is compared under its base name,
 * since the export's split between snapshots cannot be mapped back to the ledger's aliases.
 */
final class ModelMatching {

  /** A merged group: which exact names on each side were compared together as {@code model}. */
  record Match(String model, List<String> exportModels, List<String> ledgerModels) {}

  private static final Pattern SNAPSHOT =
      Pattern.compile("(.+?)-(latest|\\d{4}-\\d{2}-\\d{2}|(?:19|20)\\d{6}|\\d{4})");

  private final Map<String, String> exportNames = new HashMap<>();
  private final Map<String, String> ledgerNames = new HashMap<>();
  private final List<Match> matches;

  private ModelMatching(List<Match> matches) {
    this.matches = matches;
  }

  static ModelMatching of(Set<String> exportModels, Set<String> ledgerModels) {
    Map<String, Set<String>> exportByBase = byBase(exportModels);
    Map<String, Set<String>> ledgerByBase = byBase(ledgerModels);
    Set<String> bases = new TreeSet<>(exportByBase.keySet());
    bases.addAll(ledgerByBase.keySet());
    ModelMatching matching = new ModelMatching(new ArrayList<>());
    for (String base : bases) {
      Set<String> exported = exportByBase.getOrDefault(base, Set.of());
      Set<String> recorded = ledgerByBase.getOrDefault(base, Set.of());
      boolean separately = exported.isEmpty() || recorded.isEmpty() || exported.equals(recorded);
      for (String name : exported) {
        matching.exportNames.put(name, separately ? name : base);
      }
      for (String name : recorded) {
        matching.ledgerNames.put(name, separately ? name : base);
      }
      if (!separately) {
        matching.matches.add(new Match(base, List.copyOf(exported), List.copyOf(recorded)));
      }
    }
    return matching;
  }

  /** The name without a snapshot suffix: {@code gpt-4o-2024-08-06} → {@code gpt-4o}. */
  static String base(String model) {
    Matcher matcher = SNAPSHOT.matcher(model);
    if (!matcher.matches()) {
      return model;
    }
    String suffix = matcher.group(2);
    if (suffix.length() == 4 && !isMonthDay(suffix)) {
      return model; // four digits are a snapshot only as MMDD (gpt-4-0613), not e.g. a size
    }
    return matcher.group(1);
  }

  String forExport(String model) {
    return exportNames.getOrDefault(model, model);
  }

  String forLedger(String model) {
    return ledgerNames.getOrDefault(model, model);
  }

  List<Match> matches() {
    return List.copyOf(matches);
  }

  private static boolean isMonthDay(String digits) {
    int month = Integer.parseInt(digits.substring(0, 2));
    int day = Integer.parseInt(digits.substring(2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }

  private static Map<String, Set<String>> byBase(Set<String> models) {
    Map<String, Set<String>> groups = new TreeMap<>();
    for (String model : models) {
      groups.computeIfAbsent(base(model), b -> new TreeSet<>()).add(model);
    }
    return groups;
  }
}
