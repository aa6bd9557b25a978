package io.llmproxy.query.readmodel;

import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 rows with CRLF line ends, as every CSV export of the reporting API writes them. */
public final class CsvText {

  private CsvText() {}

  public static String row(List<String> fields) {
    return fields.stream().map(CsvText::field).collect(Collectors.joining(",")) + "\r\n";
  }

  /**
   * Names are operator-chosen text: quoted when they hold CSV syntax. An empty field stands for an
   * absent value.
   */
  public static String field(String value) {
    if (value == null) {
      return "";
    }
    if (value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }
}
