package io.llmproxy.kernel.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A versioned set of model prices, looked up by upstream model name (see {@link ModelNames}). */
public final class PriceTable {

  /** The price table shipped with the proxy. */
  public static final String DEFAULT_RESOURCE = "/prices/default-prices.csv";

  private final String version;
  private final Map<String, ModelPrice> byModel;

  public PriceTable(String version, List<ModelPrice> prices) {
    this.version = version;
    Map<String, ModelPrice> index = new LinkedHashMap<>();
    for (ModelPrice price : prices) {
      index.put(ModelNames.normalized(price.model()), price);
    }
    this.byModel = Map.copyOf(index);
  }

  public static PriceTable bundledDefault() {
    try (InputStream in = PriceTable.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + DEFAULT_RESOURCE);
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the CSV format of the bundled file: {@code #} comments, a {@code version,<v>} line, a
   * header line, then {@code model,input,output,cached_input,cache_write} rows.
   */
  public static PriceTable parse(InputStream csv) throws IOException {
    String version = null;
    List<ModelPrice> prices = new ArrayList<>();
    boolean header = false;
    var reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] cells = trimmed.split(",", -1);
      if (version == null) {
        if (!"version".equals(cells[0]) || cells.length < 2 || cells[1].isBlank()) {
          throw new IllegalArgumentException("a price table starts with 'version,<version>'");
        }
        version = cells[1].strip();
      } else if (!header) {
        header = true;
      } else {
        if (cells.length != 5) {
          throw new IllegalArgumentException("a price row has 5 cells: " + trimmed);
        }
        prices.add(
            new ModelPrice(
                cells[0].strip(),
                decimal(cells[1]),
                decimal(cells[2]),
                decimal(cells[3]),
                decimal(cells[4])));
      }
    }
    if (version == null) {
      throw new IllegalArgumentException("the price table is empty");
    }
    return new PriceTable(version, prices);
  }

  public String version() {
    return version;
  }

  public List<ModelPrice> prices() {
    return List.copyOf(byModel.values());
  }

  public Optional<ModelPrice> find(String model) {
    return ModelNames.bestMatch(model, byModel.keySet()).map(byModel::get);
  }

  private static BigDecimal decimal(String cell) {
    String value = cell.strip();
    return value.isEmpty() ? null : new BigDecimal(value);
  }
}
