package io.llmproxy.query.reconciliation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The provider exports a reconciliation accepts, and which figures each of them carries. */
enum ExportFormat {
  OPENAI_JSON(
      "openai-json",
      new OpenAiUsageJson(),
      EnumSet.of(Field.REQUESTS, Field.INPUT_TOKENS, Field.OUTPUT_TOKENS, Field.CACHED_TOKENS)),
  OPENAI_CSV(
      "openai-csv",
      new OpenAiUsageCsv(),
      EnumSet.of(Field.REQUESTS, Field.INPUT_TOKENS, Field.OUTPUT_TOKENS, Field.CACHED_TOKENS)),
  ANTHROPIC_JSON(
      "anthropic-json",
      new AnthropicUsageJson(),
      EnumSet.of(
          Field.INPUT_TOKENS, Field.OUTPUT_TOKENS, Field.CACHED_TOKENS, Field.CACHE_WRITE_TOKENS)),
  ANTHROPIC_CSV(
      "anthropic-csv",
      new AnthropicUsageCsv(),
      EnumSet.of(
          Field.INPUT_TOKENS, Field.OUTPUT_TOKENS, Field.CACHED_TOKENS, Field.CACHE_WRITE_TOKENS)),
  ANTHROPIC_COST_JSON("anthropic-cost-json", new AnthropicCostJson(), EnumSet.of(Field.COST));

  private final String wireName;
  private final ExportParser parser;
  private final Set<Field> fields;

  ExportFormat(String wireName, ExportParser parser, Set<Field> fields) {
    this.wireName = wireName;
    this.parser = parser;
    this.fields = fields;
  }

  static ExportFormat of(String wireName) {
    for (ExportFormat format : values()) {
      if (format.wireName.equals(wireName)) {
        return format;
      }
    }
    return null;
  }

  static List<String> wireNames() {
    List<String> names = new ArrayList<>();
    for (ExportFormat format : values()) {
      names.add(format.wireName);
    }
    return names;
  }

  String wireName() {
    return wireName;
  }

  /** The figures this export carries; only these are compared. */
  Set<Field> fields() {
    return EnumSet.copyOf(fields);
  }

  ParsedExport parse(byte[] export) {
    return parser.parse(export);
  }
}
