package io.llmproxy.query.reconciliation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV export (RFC 4180: quoted cells may hold commas, quotes and line breaks) with a header row.
 * Column names are matched case-insensitively. A tab-separated file is read the same way, since
 * spreadsheets save exports as either.
 */
final class CsvTable {

  /** One record, with the line of the file it starts on for error messages. */
  record Row(int line, Map<String, String> cells) {

    /** The cell of {@code column}, or null when the file has no such column. */
    String get(String column) {
      return cells.get(column);
    }

    /** A whole count; an empty cell or a column the file lacks counts as zero. */
    long count(String column) {
      return ExportValues.wholeNumber(get(column), where(column));
    }

    String where(String column) {
      return "line " + line + ", " + column;
    }
  }

  private final List<String> header;
  private final List<Row> rows;

  private CsvTable(List<String> header, List<Row> rows) {
    this.header = header;
    this.rows = rows;
  }

  static CsvTable read(byte[] export) {
    String text = new String(export, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // spreadsheet programs start UTF-8 files with a byte-order mark
    }
    int firstLineEnd = text.indexOf('\n');
    String firstLine = firstLineEnd < 0 ? text : text.substring(0, firstLineEnd);
    char delimiter = firstLine.indexOf(',') < 0 && firstLine.indexOf('\t') >= 0 ? '\t' : ',';
    List<Record> records = new Records(text, delimiter).all();
    if (records.isEmpty()) {
      throw new ExportParseException("the export is empty: a CSV export starts with a header row");
    }
    List<String> header = new ArrayList<>();
    for (String name : records.get(0).cells()) {
      String column = name.strip().toLowerCase(Locale.ROOT);
      if (!column.isEmpty() && header.contains(column)) {
        throw new ExportParseException("line 1: the column \"" + column + "\" appears twice");
      }
      header.add(column);
    }
    List<Row> rows = new ArrayList<>();
    for (Record record : records.subList(1, records.size())) {
      if (record.cells().size() != header.size()) {
        throw new ExportParseException(
            "line "
                + record.line()
                + " has "
                + record.cells().size()
                + " cells where the header has "
                + header.size());
      }
      Map<String, String> cells = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        cells.put(header.get(i), record.cells().get(i).strip());
      }
      rows.add(new Row(record.line(), cells));
    }
    return new CsvTable(header, rows);
  }

  List<Row> rows() {
    return rows;
  }

  boolean has(String column) {
    return header.contains(column);
  }

  void require(String... columns) {
    for (String column : columns) {
      if (!has(column)) {
        throw new ExportParseException(
            "line 1: the header has no column \""
                + column
                + "\" (it has: "
                + String.join(", ", header)
                + "); is this the right format?");
      }
    }
  }

  private record Record(int line, List<String> cells) {}

  /** Splits the text into records; blank lines between records are skipped. */
  private static final class Records {

    private final String text;
    private final char delimiter;
    private int position;
    private int line = 1;

    Records(String text, char delimiter) {
      this.text = text;
      this.delimiter = delimiter;
    }

    List<Record> all() {
      List<Record> records = new ArrayList<>();
      while (position < text.length()) {
        int startLine = line;
        List<String> cells = next();
        boolean blank = cells.size() == 1 && cells.get(0).isBlank();
        if (!blank) {
          records.add(new Record(startLine, cells));
        }
      }
      return records;
    }

    private List<String> next() {
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      int quoteLine = line;
      while (position < text.length()) {
        char c = text.charAt(position++);
        if (quoted) {
          if (c == '"') {
            if (position < text.length() && text.charAt(position) == '"') {
              cell.append('"');
              position++;
            } else {
              quoted = false;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            cell.append(c);
          }
        } else if (c == '"' && cell.toString().isBlank()) {
          quoted = true;
          quoteLine = line;
          cell.setLength(0);
        } else if (c == delimiter) {
          cells.add(cell.toString());
          cell.setLength(0);
        } else if (c == '\n') {
          line++;
          break;
        } else if (c != '\r') {
          cell.append(c);
        }
      }
      if (quoted) {
        throw new ExportParseException("line " + quoteLine + ": a quoted cell is never closed");
      }
      cells.add(cell.toString());
      return cells;
    }
  }
}
