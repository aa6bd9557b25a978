package io.llmproxy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where the tests do, so the Dockerfile and docker-compose.yml are checked as
 * text: what they copy exists (or is what the build names its artifacts), the image runs as an
 * unprivileged user with a health check, and every compose service has resource limits.
 */
class ContainerFilesTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private static List<Instruction> instructions;
  private static Map<String, Object> compose;

  private record Instruction(String stage, String keyword, String arguments) {}

  @BeforeAll
  static void read() throws IOException {
    instructions = parseDockerfile(Files.readString(REPO.resolve("Dockerfile")));
    compose = new Yaml().load(Files.readString(REPO.resolve("docker-compose.yml")));
  }

  @Test
  void everyPathCopiedFromTheBuildContextExistsAndIsNotIgnored() throws Exception {
    List<Pattern> ignored = dockerignore();
    List<String> sources = new ArrayList<>();
    for (Instruction copy : all("COPY")) {
      if (copy.arguments().startsWith("--from=")) {
        continue;
      }
      List<String> words = words(copy.arguments());
      sources.addAll(words.subList(0, words.size() - 1));
    }
    assertThat(sources).isNotEmpty();
    for (String source : sources) {
      String relative = source.replaceAll("/$", "");
      assertThat(REPO.resolve(relative)).as("COPY %s", source).exists();
      assertThat(ignored)
          .as("COPY %s is not in .dockerignore", source)
          .noneMatch(p -> p.matcher(relative).matches());
    }
    // every module's pom and sources go into the build stage
    for (String module : modules()) {
      assertThat(sources).contains(module + "/pom.xml", module + "/src");
    }
    // and every file of the repository a pom runs at build time (tools/sbom/OfflineSbom.java)
    for (String module : modules()) {
      Matcher used =
          Pattern.compile("\\$\\{maven\\.multiModuleProjectDirectory\\}/([^<\\s]+)")
              .matcher(Files.readString(REPO.resolve(module + "/pom.xml")));
      while (used.find()) {
        String file = used.group(1);
        assertThat(sources)
            .as("the build stage copies %s, which %s/pom.xml runs", file, module)
            .anyMatch(
                source ->
                    file.startsWith(source.replaceAll("/$", "") + "/") || file.equals(source));
      }
    }
  }

  @Test
  void whatTheRuntimeCopiesFromTheBuildIsWhatTheBuildProduces() throws Exception {
    String buildWorkdir = stageWorkdir("build");
    Document edgePom = xml(REPO.resolve("proxy-edge/pom.xml"));
    String jar = "proxy-edge/target/" + text(edgePom, "finalName") + ".jar";
    String bom = "proxy-edge/target/" + bomFileName(edgePom);
    List<String> copied = new ArrayList<>();
    for (Instruction copy : all("COPY")) {
      if (!copy.arguments().startsWith("--from=build ")) {
        continue;
      }
      List<String> words = words(copy.arguments());
      String source = words.get(1);
      assertThat(source).startsWith(buildWorkdir + "/");
      String relative = source.substring(buildWorkdir.length() + 1);
      copied.add(relative);
      // the jar and the SBOM appear at package time, after this test; compiled classes before it
      if (!relative.equals(jar) && !relative.equals(bom)) {
        assertThat(REPO.resolve(relative)).as("COPY --from=build %s", source).exists();
      }
    }
    assertThat(copied).contains(jar, bom);
    // the start script runs the jar it finds next to itself, as the README's command does
    assertThat(single("ENTRYPOINT")).isEqualTo("[\"/app/llm-proxy\"]");
    assertThat(all("COPY")).anyMatch(c -> c.arguments().equals("llm-proxy /app/llm-proxy"));
    assertThat(Files.isExecutable(REPO.resolve("llm-proxy"))).isTrue();
    assertThat(
            all("COPY").stream()
                .anyMatch(c -> c.arguments().endsWith(" /app/" + Path.of(jar).getFileName())))
        .isTrue();
    // the class-data archive is recorded by the runtime's own JVM, not the build's
    assertThat(all("RUN")).anyMatch(r -> r.arguments().equals("/app/llm-proxy --build-cds"));
    assertThat(all("RUN")).anyMatch(r -> r.arguments().contains("-Dcds.skip=true package"));
  }

  @Test
  void theImageRunsUnprivilegedWithAHealthCheckOnLivenessAndContainerAwareMemory() {
    String runtime = instructions.get(instructions.size() - 1).stage();
    List<Instruction> users =
        instructions.stream()
            .filter(i -> i.stage().equals(runtime) && i.keyword().equals("USER"))
            .toList();
    assertThat(users).isNotEmpty();
    String user = users.get(users.size() - 1).arguments().split(":")[0];
    assertThat(user).isNotIn("root", "0");
    assertThat(single("EXPOSE")).isEqualTo("8080");
    assertThat(single("VOLUME")).isEqualTo("/data");
    assertThat(all("ENV")).anyMatch(e -> e.arguments().contains("LLMPROXY_DATA_DIR=/data"));
    assertThat(all("ENV")).anyMatch(e -> e.arguments().contains("-XX:MaxRAMPercentage="));

    String healthcheck = single("HEALTHCHECK");
    assertThat(healthcheck).contains(HealthProbe.class.getName());
    // the probe runs from a class path holding only its own class file, copied from the build
    Matcher classPath = Pattern.compile("\"-cp\", \"([^\"]+)\"").matcher(healthcheck);
    assertThat(classPath.find()).isTrue();
    String classFile =
        classPath.group(1) + "/" + HealthProbe.class.getName().replace('.', '/') + ".class";
    assertThat(all("COPY")).anyMatch(c -> c.arguments().endsWith(" " + classFile));
    assertThat(HealthProbe.defaultUrl(Map.of())).endsWith(":8080/actuator/health/liveness");
  }

  @Test
  void theDataVolumeBelongsToTheRuntimeUserAloneWhoCanWriteIt() {
    String runtime = instructions.get(instructions.size() - 1).stage();
    String run =
        instructions.stream()
            .filter(i -> i.stage().equals(runtime) && i.keyword().equals("RUN"))
            .map(Instruction::arguments)
            .filter(arguments -> arguments.contains("useradd"))
            .findFirst()
            .orElseThrow();
    Matcher user = Pattern.compile("useradd .*--uid (\\d+) .*?(\\S+)\\s*(&&|$)").matcher(run);
    assertThat(user.find()).as(run).isTrue();
    String uid = user.group(1);
    String name = user.group(2);
    assertThat(run).contains("chown " + name + ":" + name + " /data", "chmod 0700 /data");
    List<Instruction> users =
        instructions.stream()
            .filter(i -> i.stage().equals(runtime) && i.keyword().equals("USER"))
            .toList();
    assertThat(users.get(users.size() - 1).arguments()).startsWith(uid + ":");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyComposeServiceHasLimitsAndThePostgresProfileRunsTwoNodesOnOneDatabase() {
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    Map<String, Object> volumes = (Map<String, Object>) compose.get("volumes");
    for (var service : services.entrySet()) {
      Map<String, Object> limits =
          (Map<String, Object>) path(service.getValue(), "deploy", "resources", "limits");
      assertThat(limits).as("limits of %s", service.getKey()).containsKeys("cpus", "memory");
      for (Object mount : (List<Object>) service.getValue().getOrDefault("volumes", List.of())) {
        String volume = mount.toString().split(":")[0];
        assertThat(volumes).as("volume of %s", service.getKey()).containsKey(volume);
      }
      Object needs = service.getValue().get("depends_on");
      if (needs instanceof Map<?, ?> dependencies) {
        assertThat(services).containsKeys(dependencies.keySet().toArray(String[]::new));
      }
    }

    List<String> proxies =
        services.entrySet().stream()
            .filter(s -> "llm-proxy:local".equals(s.getValue().get("image")))
            .filter(s -> s.getValue().containsKey("ports"))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(proxies).hasSize(3);
    for (String proxy : proxies) {
      Map<String, Object> service = services.get(proxy);
      assertThat((List<Object>) service.get("ports")).allMatch(p -> p.toString().endsWith(":8080"));
      // longer than the 30 s Spring gives each shutdown phase
      assertThat(seconds(service.get("stop_grace_period").toString())).isGreaterThan(30);
    }

    List<String> postgresNodes =
        proxies.stream()
            .filter(
                p ->
                    ((List<Object>) services.get(p).getOrDefault("profiles", List.of()))
                        .contains("postgres"))
            .toList();
    assertThat(postgresNodes).hasSize(2);
    assertThat(services.get("postgres").get("profiles")).isEqualTo(List.of("postgres"));
    for (String node : postgresNodes) {
      Map<String, Object> environment = (Map<String, Object>) services.get(node).get("environment");
      assertThat(environment).containsEntry("SPRING_PROFILES_ACTIVE", "postgres");
      assertThat(environment.get("LLMPROXY_DATABASE_URL").toString())
          .startsWith("jdbc:postgresql://postgres:");
      assertThat(environment)
          .containsKeys("LLMPROXY_DATABASE_USERNAME", "LLMPROXY_DATABASE_PASSWORD");
      assertThat((Map<String, Object>) services.get(node).get("depends_on"))
          .containsKey("postgres");
    }
    // distinct names on the segments they claim, one source for the secrets both must share
    assertThat(
            postgresNodes.stream()
                .map(
                    n ->
                        ((Map<String, Object>) services.get(n).get("environment"))
                            .get("LLMPROXY_NODE_ID"))
                .distinct())
        .hasSize(2)
        .doesNotContainNull();
    assertThat(
            postgresNodes.stream()
                .map(
                    n ->
                        ((Map<String, Object>) services.get(n).get("environment"))
                            .get("SPRING_CONFIG_IMPORT"))
                .distinct())
        .singleElement()
        .asString()
        .startsWith("configtree:/run/llmproxy/");
    for (String node : postgresNodes) {
      assertThat((List<Object>) services.get(node).get("volumes"))
          .anyMatch(v -> v.toString().startsWith("shared-secrets:/run/llmproxy"));
    }
    // the SQLite node needs no profile: a plain "docker compose up" runs it
    assertThat(proxies).anyMatch(p -> !services.get(p).containsKey("profiles"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theComposeFileNeitherPrintsNorStoresTheAdminPassword() throws Exception {
    String text = Files.readString(REPO.resolve("docker-compose.yml"));
    // no variable of it, no echo of a secret, no generated password file
    assertThat(text)
        .doesNotContain("LLMPROXY_ADMIN_PASSWORD:")
        .doesNotContain("llmproxy.admin-password")
        .doesNotContainPattern("echo[^\\n]*(password|secret)");
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    List<String> proxies =
        services.entrySet().stream()
            .filter(s -> s.getValue().containsKey("ports"))
            .filter(s -> "llm-proxy:local".equals(s.getValue().get("image")))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(proxies).isNotEmpty();
    for (String proxy : proxies) {
      Map<String, Object> service = services.get(proxy);
      assertThat((Map<String, Object>) service.get("environment"))
          .as("environment of %s", proxy)
          .containsEntry("LLMPROXY_ADMIN_PASSWORD_FILE", "/run/secrets/admin_password");
      assertThat((List<Object>) service.get("secrets")).contains("admin_password");
    }
    assertThat((Map<String, Object>) path(compose, "secrets", "admin_password"))
        .containsKey("file");
    assertThat(Files.readString(REPO.resolve(".gitignore"))).contains("/secrets/");
    assertThat(Files.readString(REPO.resolve(".dockerignore"))).contains("secrets");
  }

  private static long seconds(String duration) {
    Matcher m = Pattern.compile("(\\d+)s").matcher(duration);
    assertThat(m.matches()).as("duration %s in seconds", duration).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static Object path(Map<String, Object> map, String... keys) {
    Object at = map;
    for (String key : keys) {
      at = at instanceof Map<?, ?> m ? m.get(key) : null;
    }
    return at;
  }

  private static List<Instruction> parseDockerfile(String text) {
    List<Instruction> parsed = new ArrayList<>();
    String stage = "";
    StringBuilder logical = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (logical.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      logical.append(trimmed);
      String instruction = logical.toString();
      logical.setLength(0);
      String[] split = instruction.split("\\s+", 2);
      String keyword = split[0].toUpperCase(java.util.Locale.ROOT);
      String arguments = split.length > 1 ? split[1].strip() : "";
      if (keyword.equals("FROM")) {
        List<String> words = words(arguments);
        stage =
            words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : words.get(0);
      }
      parsed.add(new Instruction(stage, keyword, arguments));
    }
    return parsed;
  }

  private static List<Instruction> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  private static String single(String keyword) {
    List<Instruction> found = all(keyword);
    assertThat(found).as(keyword).hasSize(1);
    return found.get(0).arguments();
  }

  private static String stageWorkdir(String stage) {
    return instructions.stream()
        .filter(i -> i.stage().equals(stage) && i.keyword().equals("WORKDIR"))
        .map(Instruction::arguments)
        .reduce((first, second) -> second)
        .orElseThrow();
  }

  private static List<String> words(String arguments) {
    return Arrays.stream(arguments.split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  /** .dockerignore patterns as regular expressions over repository-relative paths. */
  private static List<Pattern> dockerignore() throws IOException {
    List<Pattern> patterns = new ArrayList<>();
    for (String line : Files.readAllLines(REPO.resolve(".dockerignore"))) {
      String pattern = line.strip();
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      String glob = pattern.replaceAll("/$", "");
      String regex =
          glob.replace(".", "\\.")
              .replace("**/", "\u0001")
              .replace("*", "[^/]*")
              .replace("\u0001", "(.*/)?");
      // a folder pattern also excludes everything below it
      patterns.add(Pattern.compile(regex + "(/.*)?"));
    }
    return patterns;
  }

  private static List<String> modules() throws Exception {
    NodeList modules = xml(REPO.resolve("pom.xml")).getElementsByTagName("module");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < modules.getLength(); i++) {
      names.add(modules.item(i).getTextContent().strip());
    }
    return names;
  }

  private static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static String text(Document pom, String tag) {
    return pom.getElementsByTagName(tag).item(0).getTextContent().strip();
  }

  /** The file the SBOM execution (tools/sbom/OfflineSbom.java) writes next to the jar. */
  private static String bomFileName(Document pom) {
    NodeList executions = pom.getElementsByTagName("execution");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < executions.getLength(); i++) {
      Element execution = (Element) executions.item(i);
      NodeList id = execution.getElementsByTagName("id");
      if (id.getLength() != 1 || !id.item(0).getTextContent().strip().equals("sbom")) {
        continue;
      }
      NodeList arguments = execution.getElementsByTagName("argument");
      for (int a = 0; a < arguments.getLength(); a++) {
        String argument = arguments.item(a).getTextContent().strip();
        String prefix = "${project.build.directory}/";
        if (argument.startsWith(prefix) && argument.endsWith(".json")) {
          names.add(argument.substring(prefix.length()));
        }
      }
    }
    assertThat(names).hasSize(1);
    return names.get(0);
  }
}
