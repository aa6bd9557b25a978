package io.llmproxy.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md names real code: every backticked Java name under {@code io.llmproxy} (the
 * naming rule is in the document's first lines) still exists, so a rename cannot leave the
 * architecture describing classes that are gone. And the repository is self-contained: no file
 * points at a sibling folder outside it.
 */
class ArchitectureDocumentTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path DOCUMENT = REPO.resolve("docs/architecture.md");
  private static final String BASE = "io.llmproxy";
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern JAVA_NAME =
      Pattern.compile(
          "(?:io\\.llmproxy\\.|(?:kernel|eventstore|command|query|edge|app)\\.)[A-Za-z0-9_.]+");
  // spelled in two parts so that this file does not match itself
  private static final String OUTSIDE_REFERENCE = ".." + "/shared/";
  private static final Set<String> SKIPPED_FOLDERS =
      Set.of(".git", "target", "node_modules", "data", ".idea");
  private static final Set<String> TEXT_SUFFIXES =
      Set.of(
          ".md",
          ".java",
          ".xml",
          ".yml",
          ".yaml",
          ".properties",
          ".js",
          ".mjs",
          ".html",
          ".css",
          ".py",
          ".sh",
          ".sql",
          ".json",
          ".jsonl",
          ".lua",
          ".txt",
          ".cmd",
          ".svg",
          ".csv");

  @Test
  void everyJavaNameInTheDocumentExists() throws IOException {
    List<String> names = javaNames(Files.readString(DOCUMENT));
    // the extraction itself must keep working: the document names far more than this
    assertThat(names).hasSizeGreaterThan(80);

    List<String> missing =
        names.stream().filter(name -> !exists(name)).collect(Collectors.toList());

    assertThat(missing).as("names in docs/architecture.md that the code does not have").isEmpty();
  }

  @Test
  void noFileReachesOutsideTheRepository() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path file : textFiles()) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
      if (text.contains(OUTSIDE_REFERENCE)) {
        offenders.add(REPO.relativize(file).toString());
      }
    }

    assertThat(offenders).as("files referring to " + OUTSIDE_REFERENCE).isEmpty();
  }

  @Test
  void theReadmePointsAtTheArchitectureDocument() throws IOException {
    assertThat(Files.readString(REPO.resolve("README.md"))).contains("`docs/architecture.md`");
  }

  /** Backticked spans that are whole Java names, made fully qualified, in document order. */
  static List<String> javaNames(String markdown) {
    Set<String> names = new LinkedHashSet<>();
    Matcher span = CODE_SPAN.matcher(markdown);
    while (span.find()) {
      String text = span.group(1);
      if (JAVA_NAME.matcher(text).matches()) {
        names.add(text.startsWith(BASE + ".") ? text : BASE + "." + text);
      }
    }
    return new ArrayList<>(names);
  }

  /**
   * A package (all segments lower case; ArchUnit's trailing {@code ..} allowed) exists when its
   * folder is on the classpath, which the build only creates for classes in it or below it.
   * Otherwise the first capitalised segment starts the class, later capitalised segments are nested
   * classes, and a final lower-case segment is a member.
   */
  private static boolean exists(String name) {
    String trimmed = name.endsWith("..") ? name.substring(0, name.length() - 2) : name;
    List<String> segments = Arrays.asList(trimmed.split("\\.", -1));
    if (segments.contains("")) {
      return false;
    }
    int first = firstCapitalised(segments);
    if (first < 0) {
      return packageOnClasspath(trimmed);
    }
    int last = segments.size() - 1;
    String member = Character.isLowerCase(segments.get(last).charAt(0)) ? segments.get(last) : null;
    int classEnd = member == null ? last : last - 1;
    String binaryName =
        String.join(".", segments.subList(0, first + 1))
            + segments.subList(first + 1, classEnd + 1).stream()
                .map(nested -> "$" + nested)
                .collect(Collectors.joining());
    try {
      Class<?> type =
          Class.forName(binaryName, false, ArchitectureDocumentTest.class.getClassLoader());
      return member == null || hasMember(type, member);
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static int firstCapitalised(List<String> segments) {
    for (int i = 0; i < segments.size(); i++) {
      if (Character.isUpperCase(segments.get(i).charAt(0))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean hasMember(Class<?> type, String member) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (Arrays.stream(c.getDeclaredMethods()).map(Method::getName).anyMatch(member::equals)
          || Arrays.stream(c.getDeclaredFields()).map(Field::getName).anyMatch(member::equals)) {
        return true;
      }
    }
    return false;
  }

  private static boolean packageOnClasspath(String name) {
    try {
      return ArchitectureDocumentTest.class
          .getClassLoader()
          .getResources(name.replace('.', '/'))
          .hasMoreElements();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> textFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(
        REPO,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            return SKIPPED_FOLDERS.contains(String.valueOf(dir.getFileName()))
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile() && isText(file)) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return files;
  }

  private static boolean isText(Path file) {
    String name = file.getFileName().toString();
    return name.equals("Dockerfile")
        || name.equals("mvnw")
        || TEXT_SUFFIXES.stream().anyMatch(name::endsWith);
  }
}
