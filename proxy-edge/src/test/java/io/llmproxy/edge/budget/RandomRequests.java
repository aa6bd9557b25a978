package io.llmproxy.edge.budget;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Random request bodies for the three front doors, as JSON text so that numbers no Java type holds
 * ({@code 1e999999999}, 400-digit integers) reach the proxy as written, each with the fields a
 * client should be refused for according to the APIs' documented ranges — an oracle of its own, not
 * the proxy's code.
 */
final class RandomRequests {

  static final String CHAT = "/v1/chat/completions";
  static final String COMPLETIONS = "/v1/completions";
  static final String MESSAGES = "/v1/messages";

  /** A field left out of the body. */
  private static final String ABSENT = "absent";

  private static final List<String> LIMITS =
      List.of(
          ABSENT,
          "null",
          "0",
          "1",
          "17",
          "{max}",
          "{max+1}",
          "4611686018427387904",
          "-5",
          "2.5",
          "1e3",
          "1e999999999",
          "-1e999999999",
          "\"5\"",
          "[5]",
          "1" + "0".repeat(400));
  private static final List<String> CHOICES =
      List.of(ABSENT, "1", "2", "3", "128", "129", "4611686018427387904", "2.0", "-1", "0");
  private static final List<String> BEST_OF = List.of(ABSENT, "1", "2", "5", "20", "21", "-3");
  private static final List<String> TEMPERATURES =
      List.of(
          ABSENT,
          "0",
          "0.7",
          "1",
          "1.5",
          "2",
          "2.5",
          "-0.1",
          "1e999999999",
          "-1e999999999",
          "1e-999999",
          "\"hot\"");

  /** A one-pixel PNG: providers bill it by their rule for images, not by its bytes. */
  private static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

  record Generated(String path, String alias, String body, Set<String> invalidFields) {}

  private final Random random;
  private final Map<String, Long> maxOutputByAlias;

  RandomRequests(long seed, Map<String, Long> maxOutputByAlias) {
    this.random = new Random(seed);
    this.maxOutputByAlias = maxOutputByAlias;
  }

  Generated next() {
    List<String> aliases = new ArrayList<>(maxOutputByAlias.keySet());
    String alias = aliases.get(random.nextInt(aliases.size()));
    long max = maxOutputByAlias.get(alias);
    return switch (random.nextInt(3)) {
      case 0 -> chat(alias, max);
      case 1 -> completions(alias, max);
      default -> messages(alias, max);
    };
  }

  private Generated chat(String alias, long max) {
    Map<String, String> fields = new LinkedHashMap<>();
    Set<String> invalid = new TreeSet<>();
    fields.put("model", quoted(alias));
    fields.put("messages", chatMessages());
    integer(fields, invalid, "max_tokens", pick(LIMITS), 1, max, max);
    if (random.nextInt(4) == 0) {
      integer(fields, invalid, "max_completion_tokens", pick(LIMITS), 1, max, max);
    }
    integer(fields, invalid, "n", pick(CHOICES), 1, 128, max);
    number(fields, invalid, "temperature", pick(TEMPERATURES), 2);
    int tools = random.nextInt(3);
    if (tools > 0) {
      fields.put("tools", openAiTools(tools == 1 ? 1 : 40));
      fields.put("tool_choice", "\"auto\"");
    }
    if (random.nextInt(5) == 0) {
      fields.put(
          "response_format",
          "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer\",\"schema\":"
              + schema()
              + "}}");
    }
    stream(fields);
    return new Generated(CHAT, alias, object(fields), invalid);
  }

  private Generated completions(String alias, long max) {
    Map<String, String> fields = new LinkedHashMap<>();
    Set<String> invalid = new TreeSet<>();
    fields.put("model", quoted(alias));
    int prompts = random.nextInt(4);
    fields.put(
        "prompt",
        prompts == 0
            ? quoted(text(30))
            : "[" + String.join(",", repeat(prompts, () -> quoted(text(20)))) + "]");
    integer(fields, invalid, "max_tokens", pick(LIMITS), 0, max, max);
    String n = pick(CHOICES);
    integer(fields, invalid, "n", n, 1, 128, max);
    String bestOf = pick(BEST_OF);
    integer(fields, invalid, "best_of", bestOf, 1, 20, max);
    boolean bestOfSet = !bestOf.equals(ABSENT) && !bestOf.equals("null");
    if (!invalid.contains("n") && !invalid.contains("best_of") && bestOfSet) {
      long choices = n.equals(ABSENT) || n.equals("null") ? 1 : Long.parseLong(n);
      if (Long.parseLong(bestOf) < choices) {
        invalid.add("best_of");
      }
    }
    number(fields, invalid, "temperature", pick(TEMPERATURES), 2);
    stream(fields);
    return new Generated(COMPLETIONS, alias, object(fields), invalid);
  }

  private Generated messages(String alias, long max) {
    Map<String, String> fields = new LinkedHashMap<>();
    Set<String> invalid = new TreeSet<>();
    fields.put("model", quoted(alias));
    String limit = pick(LIMITS);
    integer(fields, invalid, "max_tokens", limit, 1, max, max);
    if (limit.equals(ABSENT) || limit.equals("null")) {
      invalid.add("max_tokens");
    }
    switch (random.nextInt(3)) {
      case 1 -> fields.put("system", quoted(text(200)));
      case 2 ->
          fields.put(
              "system",
              "[{\"type\":\"text\",\"text\":"
                  + quoted(text(100))
                  + "},{\"type\":\"text\",\"text\":"
                  + quoted(text(100))
                  + "}]");
      default -> {}
    }
    fields.put("messages", anthropicMessages());
    int tools = random.nextInt(3);
    if (tools > 0) {
      fields.put(
          "tools",
          "["
              + String.join(
                  ",",
                  repeat(
                      tools == 1 ? 1 : 40,
                      () ->
                          "{\"name\":\"tool_"
                              + random.nextInt(1_000_000)
                              + "\",\"description\":"
                              + quoted(text(60))
                              + ",\"input_schema\":"
                              + schema()
                              + "}"))
              + "]");
    }
    number(fields, invalid, "temperature", pick(TEMPERATURES), 1);
    stream(fields);
    return new Generated(MESSAGES, alias, object(fields), invalid);
  }

  private String chatMessages() {
    List<String> messages = new ArrayList<>();
    if (random.nextBoolean()) {
      messages.add("{\"role\":\"system\",\"content\":" + quoted(text(200)) + "}");
    }
    int images = random.nextInt(3);
    String parts = "{\"type\":\"text\",\"text\":" + quoted(text(40)) + "}";
    for (int i = 0; i < images; i++) {
      parts +=
          ",{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
              + PNG
              + "\",\"detail\":\"high\"}}";
    }
    messages.add("{\"role\":\"user\",\"content\":[" + parts + "]}");
    if (random.nextBoolean()) {
      messages.add(
          "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
              + "\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":"
              + quoted("{\"query\":\"" + text(80) + "\"}")
              + "}}]}");
      messages.add(
          "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":" + quoted(text(300)) + "}");
    }
    return "[" + String.join(",", messages) + "]";
  }

  private String anthropicMessages() {
    int images = random.nextInt(3);
    String blocks = "{\"type\":\"text\",\"text\":" + quoted(text(40)) + "}";
    for (int i = 0; i < images; i++) {
      blocks +=
          ",{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\","
              + "\"data\":\""
              + PNG
              + "\"}}";
    }
    String messages = "[{\"role\":\"user\",\"content\":[" + blocks + "]}";
    if (random.nextBoolean()) {
      messages +=
          ",{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
              + "\"name\":\"lookup\",\"input\":{\"query\":"
              + quoted(text(80))
              + "}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
              + "\"tool_use_id\":\"toolu_1\",\"content\":"
              + quoted(text(300))
              + "}]}";
    }
    return messages + "]";
  }

  private String openAiTools(int count) {
    return "["
        + String.join(
            ",",
            repeat(
                count,
                () ->
                    "{\"type\":\"function\",\"function\":{\"name\":\"tool_"
                        + random.nextInt(1_000_000)
                        + "\",\"description\":"
                        + quoted(text(60))
                        + ",\"parameters\":"
                        + schema()
                        + "}}"))
        + "]";
  }

  private String schema() {
    return "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\",\"description\":"
        + quoted(text(40))
        + "},\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100}},"
        + "\"required\":[\"query\"]}";
  }

  private void stream(Map<String, String> fields) {
    if (random.nextInt(4) == 0) {
      fields.put("stream", "true");
    }
  }

  /** An integer field in [min, max]; absent and null stand for "not set". */
  private static void integer(
      Map<String, String> fields,
      Set<String> invalid,
      String field,
      String literal,
      long min,
      long max,
      long routeMax) {
    if (literal.equals(ABSENT)) {
      return;
    }
    String value =
        literal
            .replace("{max+1}", Long.toString(routeMax + 1))
            .replace("{max}", Long.toString(routeMax));
    fields.put(field, value);
    if (value.equals("null")) {
      return;
    }
    try {
      BigInteger number = new BigInteger(value);
      if (number.compareTo(BigInteger.valueOf(min)) < 0
          || number.compareTo(BigInteger.valueOf(max)) > 0) {
        invalid.add(field);
      }
    } catch (NumberFormatException notAnInteger) {
      invalid.add(field);
    }
  }

  /** A number field in [0, max]: finite as a double, so also never a string. */
  private static void number(
      Map<String, String> fields, Set<String> invalid, String field, String literal, double max) {
    if (literal.equals(ABSENT)) {
      return;
    }
    fields.put(field, literal);
    try {
      double number = Double.parseDouble(literal);
      if (!Double.isFinite(number) || number < 0 || number > max) {
        invalid.add(field);
      }
    } catch (NumberFormatException notANumber) {
      invalid.add(field);
    }
  }

  /** Half the time a common valid value (the first few), else anything of the list. */
  private String pick(List<String> values) {
    return random.nextBoolean()
        ? values.get(random.nextInt(Math.min(5, values.size())))
        : values.get(random.nextInt(values.size()));
  }

  private String text(int words) {
    StringBuilder text = new StringBuilder();
    String[] vocabulary = {"budget", "token", "route", "alpha", "ünïcode", "数据", "the", "of", "42"};
    for (int i = 0; i < words; i++) {
      text.append(vocabulary[random.nextInt(vocabulary.length)]).append(' ');
    }
    return text.toString().trim();
  }

  private List<String> repeat(int count, java.util.function.Supplier<String> item) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(item.get());
    }
    return items;
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String object(Map<String, String> fields) {
    List<String> members = new ArrayList<>();
    fields.forEach((name, value) -> members.add("\"" + name + "\":" + value));
    return "{" + String.join(",", members) + "}";
  }
}
