package io.llmproxy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.edge.providers.ProviderSettings;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.Yaml;

/**
 * The configuration reference (docs/configuration.md) against the code: every {@code llmproxy.*}
 * property that a {@code @ConfigurationProperties} record, a {@code @Value} or {@code
 * application.yml} names is listed, and every environment variable spelling it gives binds to its
 * key.
 */
class ConfigurationReferenceTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern VALUE = Pattern.compile("\\$\\{(llmproxy\\.[a-z0-9.-]+)[:}]");
  private static final String MAP_KEY = "<name>";

  /** Key → environment variable ("—" when there is none), from the page's settings table. */
  private static Map<String, String> documented;

  @BeforeAll
  static void readReference() throws IOException {
    String page = Files.readString(REPO.resolve("docs/configuration.md"));
    String section = page.substring(page.indexOf("\n## Settings\n"));
    // the first table of the section: llmproxy.* keys with their environment variables
    String table = section.substring(section.indexOf("| key | env | default | meaning |"));
    section = table.substring(0, table.indexOf("\n\n"));
    documented = new LinkedHashMap<>();
    Matcher row =
        Pattern.compile("(?m)^\\| `(llmproxy\\.[^`]+)` \\| (`([^`]+)`|—) \\|").matcher(section);
    while (row.find()) {
      documented.put(row.group(1), row.group(3) == null ? "—" : row.group(3));
    }
    assertThat(documented).isNotEmpty();
  }

  @Test
  void everyPropertyTheCodeReadsIsDocumented() throws Exception {
    Set<String> used = new TreeSet<>();
    used.addAll(configurationPropertiesKeys());
    used.addAll(valueKeys());
    used.addAll(applicationYmlKeys());
    assertThat(used)
        .contains(
            "llmproxy.data-dir", "llmproxy.usage.max-batch", "llmproxy.providers.<name>.kind");
    assertThat(documented.keySet()).containsAll(used);
  }

  @Test
  void everyDocumentedEnvironmentVariableBindsToItsKey() {
    for (var entry : documented.entrySet()) {
      if (entry.getValue().equals("—")) {
        continue;
      }
      String key = entry.getKey().replace(MAP_KEY, "openai");
      String variable = entry.getValue().replace("<NAME>", "OPENAI");
      assertThat(resolve(variable, key)).as("%s → %s", variable, key).isEqualTo("42");
    }
    // a provider map entry is created from environment variables alone
    var environment =
        environment(Map.of("LLMPROXY_PROVIDERS_OPENAI_BASEURL", "https://example.test/v1"));
    ProviderSettings providers =
        Binder.get(environment).bind("llmproxy", ProviderSettings.class).get();
    assertThat(providers.providers().get("openai").baseUrl())
        .hasToString("https://example.test/v1");
  }

  private static String resolve(String variable, String key) {
    return environment(Map.of(variable, "42")).getProperty(key);
  }

  private static StandardEnvironment environment(Map<String, Object> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    ConfigurationPropertySources.attach(environment);
    return environment;
  }

  private static Set<String> configurationPropertiesKeys() throws ClassNotFoundException {
    var scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    Set<String> keys = new TreeSet<>();
    for (BeanDefinition candidate : scanner.findCandidateComponents("io.llmproxy")) {
      Class<?> type = Class.forName(candidate.getBeanClassName());
      ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
      String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
      assertThat(type.isRecord()).as("%s is a record", type).isTrue();
      keys.addAll(recordKeys(prefix, type));
    }
    return keys;
  }

  private static List<String> recordKeys(String prefix, Class<?> record) {
    List<String> keys = new ArrayList<>();
    for (RecordComponent component : record.getRecordComponents()) {
      String key = prefix + "." + kebab(component.getName());
      if (Map.class.isAssignableFrom(component.getType())
          && component.getGenericType() instanceof ParameterizedType map
          && map.getActualTypeArguments()[1] instanceof Class<?> value
          && value.isRecord()) {
        keys.addAll(recordKeys(key + "." + MAP_KEY, value));
      } else {
        keys.add(key);
      }
    }
    return keys;
  }

  private static Set<String> valueKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    try (Stream<Path> modules = Files.list(REPO)) {
      for (Path sources :
          modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(sources)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            String text = Files.readString(file);
            Matcher value = Pattern.compile("@Value\\(\"([^\"]*)\"").matcher(text);
            while (value.find()) {
              Matcher key = VALUE.matcher(value.group(1));
              while (key.find()) {
                keys.add(key.group(1));
              }
            }
          }
        }
      }
    }
    return keys;
  }

  /** Keys under {@code llmproxy} in application.yml and every profile's application-*.yml. */
  @SuppressWarnings("unchecked")
  private static Set<String> applicationYmlKeys() throws IOException {
    Set<String> keys = new TreeSet<>();
    Path resources = REPO.resolve("proxy-edge/src/main/resources");
    try (Stream<Path> files = Files.list(resources)) {
      for (Path file :
          files
              .filter(f -> f.getFileName().toString().matches("application(-.+)?\\.ya?ml"))
              .toList()) {
        for (Object document : new Yaml().loadAll(Files.readString(file))) {
          if (document instanceof Map<?, ?> yaml
              && yaml.get("llmproxy") instanceof Map<?, ?> root) {
            flatten("llmproxy", (Map<String, Object>) root, keys);
          }
        }
      }
    }
    assertThat(keys).isNotEmpty();
    return keys;
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> map, Set<String> keys) {
    for (var entry : map.entrySet()) {
      // entries of the provider map are instances of llmproxy.providers.<name>.*
      String name = prefix.equals("llmproxy.providers") ? MAP_KEY : entry.getKey();
      if (entry.getValue() instanceof Map<?, ?> nested) {
        flatten(prefix + "." + name, (Map<String, Object>) nested, keys);
      } else {
        keys.add(prefix + "." + name);
      }
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
