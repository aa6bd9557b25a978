package io.llmproxy.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README stays a front page and the documentation holds together: the README is short and lists
 * every page under docs/, and every relative link of the Markdown pages (README, the other
 * top-level pages, docs/ and bench/README.md) reaches a file of the repository and, after {@code
 * #}, a heading of that file as GitHub names its anchors. A page moved or a heading renamed fails
 * here instead of leaving readers at a dead link.
 */
class DocumentationLinksTest {

  static final int README_MAX_LINES = 300;

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LINK =
      Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  // spelled in two parts so that this file does not match itself
  private static final String OUTSIDE_REFERENCE = ".." + "/shared/";

  @Test
  void theReadmeIsAFrontPage() throws IOException {
    List<String> lines = Files.readAllLines(REPO.resolve("README.md"));

    assertThat(lines.size())
        .as("README.md lines: reference material belongs on its page under docs/")
        .isLessThanOrEqualTo(README_MAX_LINES);
  }

  @Test
  void theReadmeLinksEveryDocumentationPage() throws IOException {
    Set<Path> linked = new TreeSet<>();
    for (Link link : links(REPO.resolve("README.md"))) {
      if (link.file() != null) {
        linked.add(link.file());
      }
    }
    try (Stream<Path> pages = Files.list(REPO.resolve("docs"))) {
      List<String> unlisted =
          pages
              .filter(page -> page.toString().endsWith(".md"))
              .filter(page -> !linked.contains(page.normalize()))
              .map(page -> REPO.relativize(page).toString())
              .collect(Collectors.toList());

      assertThat(unlisted).as("docs pages missing from the README's Documentation").isEmpty();
    }
  }

  @Test
  void everyRelativeLinkReachesAFileAndHeadingOfTheRepository() throws IOException {
    List<String> broken = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    int checked = 0;
    for (Path page : pages()) {
      for (Link link : links(page)) {
        checked++;
        String problem = problem(link, anchors);
        if (problem != null) {
          broken.add(REPO.relativize(page) + ": (" + link.target() + ") " + problem);
        }
      }
    }
    // the extraction itself must keep working: the pages hold far more links than this
    assertThat(checked).isGreaterThan(80);
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void noPageRefersToAFolderBesideTheRepository() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path page : pages()) {
      if (Files.readString(page).contains(OUTSIDE_REFERENCE)) {
        offenders.add(REPO.relativize(page).toString());
      }
    }

    assertThat(offenders).as("pages referring to " + OUTSIDE_REFERENCE).isEmpty();
  }

  @Test
  void anchorsAreNamedAsGitHubNamesThem() {
    assertThat(anchors(List.of("## Money: prices and budgets")))
        .contains("money-prices-and-budgets");
    assertThat(anchors(List.of("### Anthropic's SDKs: `POST /v1/messages`")))
        .contains("anthropics-sdks-post-v1messages");
    assertThat(anchors(List.of("## Memory under 1,000 concurrent streams")))
        .contains("memory-under-1000-concurrent-streams");
    assertThat(anchors(List.of("## Crash test (SIGKILL under load)")))
        .contains("crash-test-sigkill-under-load");
    assertThat(anchors(List.of("## Usage", "## Usage"))).contains("usage", "usage-1");
    assertThat(anchors(List.of("```bash", "# a shell comment", "```"))).isEmpty();
  }

  /** Why {@code link} leads nowhere, or null when it reaches its file and heading. */
  private static String problem(Link link, Map<Path, Set<String>> anchorCache) throws IOException {
    Path file = link.file();
    if (file == null) {
      return "is not relative: write it relative to the page";
    }
    if (!file.startsWith(REPO)) {
      return "points outside the repository";
    }
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (link.anchor().isEmpty()) {
      return null;
    }
    if (!file.toString().endsWith(".md")) {
      return "an anchor into a file that is not Markdown";
    }
    Set<String> names = anchorCache.get(file);
    if (names == null) {
      names = anchors(Files.readAllLines(file));
      anchorCache.put(file, names);
    }
    return names.contains(link.anchor()) ? null : "no heading #" + link.anchor() + " there";
  }

  /** The Markdown pages whose links are checked. */
  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    try (Stream<Path> top = Files.list(REPO)) {
      top.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    try (Stream<Path> docs = Files.walk(REPO.resolve("docs"))) {
      docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    pages.add(REPO.resolve("bench/README.md"));
    return pages;
  }

  /** A link as written on {@code page}: where it leads (null when absolute) and its anchor. */
  record Link(String target, Path file, String anchor) {}

  /** The inline links of a page, outside code blocks and code spans; web addresses left out. */
  static List<Link> links(Path page) throws IOException {
    List<Link> links = new ArrayList<>();
    // a link's text may wrap onto the next line, so the prose is matched as a whole
    Matcher link = LINK.matcher(CODE_SPAN.matcher(prose(Files.readAllLines(page))).replaceAll(""));
    while (link.find()) {
      String target = link.group(1);
      if (!SCHEME.matcher(target).find()) {
        links.add(link(page, target));
      }
    }
    return links;
  }

  /** The page without its fenced code blocks. */
  private static String prose(List<String> lines) {
    StringBuilder prose = new StringBuilder();
    boolean inCode = false;
    for (String line : lines) {
      if (line.strip().startsWith("```")) {
        inCode = !inCode;
      } else if (!inCode) {
        prose.append(line).append('\n');
      }
    }
    return prose.toString();
  }

  private static Link link(Path page, String target) {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? "" : target.substring(hash + 1);
    if (path.startsWith("/")) {
      return new Link(target, null, anchor);
    }
    Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
    return new Link(target, file, anchor);
  }

  /**
   * The anchors GitHub gives a page's headings: lower case, punctuation other than {@code -} and
   * {@code _} dropped, spaces as {@code -}, a repeated name numbered from 1.
   */
  static Set<String> anchors(List<String> lines) {
    Set<String> anchors = new TreeSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean inCode = false;
    for (String line : lines) {
      if (line.strip().startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (inCode || !heading.matches()) {
        continue;
      }
      String slug =
          heading
              .group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
              .replaceAll("\\s", "-");
      int count = seen.merge(slug, 1, Integer::sum);
      anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
    }
    return anchors;
  }
}
