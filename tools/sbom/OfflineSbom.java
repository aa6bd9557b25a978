import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Writes a CycloneDX 1.6 SBOM of what ships in the application jar, from the runtime dependency
 * list Maven resolved (maven-dependency-plugin:list with absolute file names) and the POMs already
 * in the local repository. It exists because the CycloneDX Maven plugin declares itself online-only
 * and skips silently under {@code -o}; this needs nothing but the files the build already has, so
 * every build writes the SBOM (docs/decisions/0003).
 *
 * <p>Run by the build: {@code java OfflineSbom.java <dependency-list> <local-repository> <name>
 * <version> <out>...}
 */
public final class OfflineSbom {

  private static Path repository;

  private static final Pattern LINE =
      Pattern.compile("^\\s*([^:\\s]+):([^:]+):([^:]+):(?:([^:]+):)?([^:]+):(compile|runtime):(/.+?)(?: -- module .*)?$");

  private record Component(
      String group, String artifact, String type, String classifier, String version, Path file) {

    String purl() {
      StringBuilder purl =
          new StringBuilder("pkg:maven/").append(group).append('/').append(artifact);
      purl.append('@').append(version);
      List<String> qualifiers = new ArrayList<>();
      if (classifier != null) {
        qualifiers.add("classifier=" + classifier);
      }
      if (!"jar".equals(type)) {
        qualifiers.add("type=" + type);
      }
      if (!qualifiers.isEmpty()) {
        purl.append('?').append(String.join("&", qualifiers));
      }
      return purl.toString();
    }
  }

  private record License(String name, String url) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      throw new IllegalArgumentException(
          "usage: OfflineSbom <dependency-list> <local-repository> <name> <version> <output>...");
    }
    repository = Path.of(args[1]);
    List<Component> components = read(Path.of(args[0]));
    if (components.isEmpty()) {
      throw new IllegalStateException("no runtime dependency found in " + args[0]);
    }
    String json = bom(args[2], args[3], components);
    for (int i = 4; i < args.length; i++) {
      Path out = Path.of(args[i]);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, json, StandardCharsets.UTF_8);
    }
    System.out.printf("SBOM: %d components -> %s%n", components.size(), String.join(", ", List.of(args).subList(4, args.length)));
  }

  private static List<Component> read(Path dependencyList) throws IOException {
    Map<String, Component> byPurl = new TreeMap<>();
    for (String line : Files.readAllLines(dependencyList, StandardCharsets.UTF_8)) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        Component c =
            new Component(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), Path.of(m.group(7)));
        byPurl.put(c.purl(), c);
      }
    }
    return new ArrayList<>(byPurl.values());
  }

  private static String bom(String name, String version, List<Component> components)
      throws Exception {
    Json out = new Json();
    out.open('{');
    out.field("bomFormat").string("CycloneDX");
    out.field("specVersion").string("1.6");
    out.field("serialNumber").string("urn:uuid:" + UUID.randomUUID());
    out.field("version").raw("1");
    out.field("metadata").open('{');
    out.field("timestamp").string(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    out.field("tools").open('{').field("components").open('[').open('{');
    out.field("type").string("application").field("name").string("OfflineSbom");
    out.close('}').close(']').close('}');
    out.field("component").open('{');
    out.field("type").string("application");
    out.field("bom-ref").string("pkg:maven/io.llmproxy/" + name + "@" + version);
    out.field("group").string("io.llmproxy").field("name").string(name);
    out.field("version").string(version);
    out.field("purl").string("pkg:maven/io.llmproxy/" + name + "@" + version);
    out.close('}');
    out.close('}');
    out.field("components").open('[');
    for (Component c : components) {
      component(out, c);
    }
    out.close(']');
    out.close('}');
    return out.toString();
  }

  private static void component(Json out, Component c) throws Exception {
    out.open('{');
    out.field("type").string("library");
    out.field("bom-ref").string(c.purl());
    out.field("group").string(c.group()).field("name").string(c.artifact());
    out.field("version").string(c.version());
    out.field("scope").string("required");
    out.field("purl").string(c.purl());
    if (Files.isRegularFile(c.file())) {
      byte[] bytes = Files.readAllBytes(c.file());
      out.field("hashes").open('[');
      for (String alg : List.of("SHA-256", "SHA-512")) {
        out.open('{').field("alg").string(alg).field("content").string(digest(alg, bytes));
        out.close('}');
      }
      out.close(']');
    }
    List<License> licenses = licenses(pomOf(c.group(), c.artifact(), c.version()), 0);
    if (!licenses.isEmpty()) {
      out.field("licenses").open('[');
      for (License license : licenses) {
        out.open('{').field("license").open('{').field("name").string(license.name());
        if (!license.url().isBlank()) {
          out.field("url").string(license.url());
        }
        out.close('}').close('}');
      }
      out.close(']');
    }
    out.close('}');
  }

  private static String digest(String alg, byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(bytes));
  }

  private static Path pomOf(String group, String artifact, String version) {
    return repository
        .resolve(group.replace('.', '/'))
        .resolve(artifact)
        .resolve(version)
        .resolve(artifact + "-" + version + ".pom");
  }

  /** Licences declared by the POM, else by its nearest parent that declares any. */
  private static List<License> licenses(Path pom, int depth) throws Exception {
    if (depth > 10 || !Files.isRegularFile(pom)) {
      return List.of();
    }
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = factory.newDocumentBuilder().parse(pom.toFile());
    Element project = doc.getDocumentElement();
    List<License> found = new ArrayList<>();
    Element licensesNode = child(project, "licenses");
    if (licensesNode != null) {
      NodeList entries = licensesNode.getElementsByTagName("license");
      for (int i = 0; i < entries.getLength(); i++) {
        Element license = (Element) entries.item(i);
        String name = text(child(license, "name"));
        if (!name.isBlank()) {
          found.add(new License(name, text(child(license, "url"))));
        }
      }
    }
    Element parent = child(project, "parent");
    if (!found.isEmpty() || parent == null) {
      return found;
    }
    Path parentPom =
        pomOf(
            text(child(parent, "groupId")),
            text(child(parent, "artifactId")),
            text(child(parent, "version")));
    return licenses(parentPom, depth + 1);
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getTagName())) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element element) {
    return element == null ? "" : element.getTextContent().trim();
  }

  /** Just enough of a JSON writer for the SBOM: objects, arrays, strings. */
  private static final class Json {
    private final StringBuilder text = new StringBuilder();
    private boolean needsComma;

    Json open(char bracket) {
      comma();
      text.append(bracket);
      needsComma = false;
      return this;
    }

    Json close(char bracket) {
      text.append(bracket);
      needsComma = true;
      return this;
    }

    Json field(String name) {
      comma();
      quote(name);
      text.append(':');
      needsComma = false;
      return this;
    }

    Json string(String value) {
      comma();
      quote(value);
      needsComma = true;
      return this;
    }

    Json raw(String value) {
      comma();
      text.append(value);
      needsComma = true;
      return this;
    }

    private void comma() {
      if (needsComma) {
        text.append(',');
      }
    }

    private void quote(String value) {
      text.append('"');
      for (char ch : value.toCharArray()) {
        switch (ch) {
          case '"' -> text.append("\\\"");
          case '\\' -> text.append("\\\\");
          case '\n' -> text.append("\\n");
          case '\r' -> text.append("\\r");
          case '\t' -> text.append("\\t");
          default -> {
            if (ch < 0x20) {
              text.append(String.format("\\u%04x", (int) ch));
            } else {
              text.append(ch);
            }
          }
        }
      }
      text.append('"');
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
