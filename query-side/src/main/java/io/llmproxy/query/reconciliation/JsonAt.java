package io.llmproxy.query.reconciliation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of an uploaded JSON export together with its path ({@code data[2].results[0]}), so every
 * complaint about a value names where it is.
 */
record JsonAt(JsonNode node, String path) {

  // floats as BigDecimal: amounts must stay exact, and "10.0" must still read as a count
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  static JsonAt read(byte[] export) {
    try {
      JsonNode root = JSON.readTree(export);
      if (root == null || root.isMissingNode()) {
        throw new ExportParseException("the export is empty");
      }
      return new JsonAt(root, "");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      // Jackson quotes its own class and feature names in backticks; a client can do nothing
      // with them
      String why = e.getOriginalMessage();
      throw new ExportParseException(
          "the export is not valid JSON"
              + where
              + (why == null || why.contains("`") || why.contains("Exception") ? "" : ": " + why));
    } catch (IOException e) {
      throw new ExportParseException("the export could not be read: " + e.getMessage());
    }
  }

  /**
   * The pages of a paginated report: one page as the API answered it, or a JSON array of pages
   * saved one after another while following {@code next_page}.
   */
  List<JsonAt> pages() {
    List<JsonAt> pages = new ArrayList<>();
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        pages.add(new JsonAt(node.get(i), "[" + i + "]"));
      }
    } else {
      pages.add(this);
    }
    for (JsonAt page : pages) {
      if (!page.node.isObject() || !page.node.path("data").isArray()) {
        throw new ExportParseException(
            (page.path.isEmpty() ? "the export" : page.path)
                + " has no \"data\" array: upload the API's answer as it came, or a JSON array of"
                + " its pages");
      }
    }
    return pages;
  }

  /** The elements of the first of {@code names} present, which must be an array. */
  List<JsonAt> items(String... names) {
    for (String name : names) {
      JsonNode child = node.get(name);
      if (child != null && !child.isNull()) {
        if (!child.isArray()) {
          throw new ExportParseException(child(name) + " must be an array");
        }
        List<JsonAt> items = new ArrayList<>(child.size());
        for (int i = 0; i < child.size(); i++) {
          items.add(new JsonAt(child.get(i), child(name) + "[" + i + "]"));
        }
        return items;
      }
    }
    throw new ExportParseException(child(names[0]) + " is missing");
  }

  JsonAt field(String name) {
    JsonNode child = node.get(name);
    return new JsonAt(child == null ? MissingNode.getInstance() : child, child(name));
  }

  boolean isPresent() {
    return !node.isMissingNode() && !node.isNull();
  }

  /** Text, or null when absent or null. */
  String text(String name) {
    JsonAt child = field(name);
    if (!child.isPresent()) {
      return null;
    }
    if (!child.node.isValueNode()) {
      throw new ExportParseException(child.path + " must be a string");
    }
    return child.node.asText();
  }

  long wholeNumber(String name) {
    JsonAt child = field(name);
    if (!child.isPresent()) {
      throw new ExportParseException(child.path + " is missing");
    }
    return ExportValues.wholeNumber(child.number(), child.path);
  }

  long wholeNumberOrZero(String name) {
    return field(name).isPresent() ? wholeNumber(name) : 0;
  }

  BigDecimal decimal(String name) {
    JsonAt child = field(name);
    if (!child.isPresent()) {
      throw new ExportParseException(child.path + " is missing");
    }
    return child.number();
  }

  Instant instant(String name) {
    String text = text(name);
    if (text == null) {
      throw new ExportParseException(child(name) + " is missing");
    }
    return ExportValues.instant(text, child(name));
  }

  /** A number, or a string holding one (Anthropic writes amounts as decimal strings). */
  private BigDecimal number() {
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual()) {
      return ExportValues.decimal(node.asText(), path);
    }
    throw new ExportParseException(path + " must be a number");
  }

  private String child(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
