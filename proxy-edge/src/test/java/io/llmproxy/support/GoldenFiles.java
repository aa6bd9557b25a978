package io.llmproxy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Golden translation fixtures: every {@code *.json} file of a test-resources folder, one case each,
 * passed to a parameterized test as (file name, parsed content).
 */
public final class GoldenFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private GoldenFiles() {}

  public static Stream<Arguments> cases(String folder) {
    URL root = GoldenFiles.class.getClassLoader().getResource(folder);
    if (root == null) {
      throw new IllegalStateException("no golden folder " + folder + " on the test classpath");
    }
    try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
      List<Path> sorted = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      if (sorted.isEmpty()) {
        throw new IllegalStateException("golden folder " + folder + " holds no cases");
      }
      return sorted.stream().map(file -> Arguments.of(file.getFileName().toString(), read(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code node} as a client reads it after serialisation: numbers built as {@code long} compare
   * equal to the same numbers parsed from a golden file.
   */
  public static JsonNode asSent(Object node) {
    try {
      return JSON.readTree(JSON.writeValueAsString(node));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable golden file " + file, e);
    }
  }
}
