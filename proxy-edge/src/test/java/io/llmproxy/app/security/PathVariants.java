package io.llmproxy.app.security;

import io.llmproxy.support.RawHttp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Spellings of one protected path that a server may read as that path while a check on the raw text
 * sees something else (or the other way round): percent-encoded letters, double encoding, empty and
 * dot segments, path parameters, encoded slashes, dots and NUL, case, overlong UTF-8, backslashes,
 * and headers (Host, X-Forwarded-*, X-Original-URL) that some stacks route by. Every variant keeps
 * the base request's method, credential and body.
 */
final class PathVariants {

  /** Public paths a {@code ..} might climb out of, each with the number of segments to climb. */
  private static final Map<String, Integer> CLIMB_FROM =
      Map.of(
          "/x", 1,
          "/v1", 1,
          "/api", 1,
          "/admin", 1,
          "/js", 1,
          "/index.html", 1,
          "/actuator/health", 2,
          "/admin/session", 2);

  /** Not served to anyone: a 2xx for a request to it could only come from a header's path. */
  private static final String NOWHERE = "/x";

  private final RawHttp.Request base;
  private final String path;
  private final String query;
  private final List<String> segments;
  private final Map<String, List<RawHttp.Request>> families = new LinkedHashMap<>();

  private PathVariants(RawHttp.Request base, String path, String query) {
    this.base = base;
    this.path = path;
    this.query = query;
    this.segments = List.of(path.substring(1).split("/"));
  }

  /** Family name to its requests, for {@code base} sent to {@code path} and {@code query}. */
  static Map<String, List<RawHttp.Request>> of(RawHttp.Request base, String path, String query) {
    PathVariants variants = new PathVariants(base, path, query);
    variants.build();
    return variants.families;
  }

  private void build() {
    paths("encoded-letter", letters(c -> percent(c, false)), letters(c -> percent(c, true)));
    paths(
        "double-encoding",
        letters(c -> "%25" + hex(c, false)),
        eachSlash("%252f"),
        List.of("/x/%252e%252e" + path));
    paths("double-slash", List.of("/" + path, "//" + path), eachSlash("//"));
    paths("dot-segment", List.of("/." + path, path + "/."), eachSlash("/./"));
    List<String> climbs = new ArrayList<>();
    CLIMB_FROM.forEach((from, depth) -> climbs.add(from + "/..".repeat(depth) + path));
    climbs.add(path + "/..");
    climbs.add("/" + segments.get(0) + "/x/.." + path.substring(segments.get(0).length() + 1));
    paths("dot-dot", climbs);
    paths("trailing-slash", List.of(path + "/"));
    List<String> parameters = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      parameters.add(withSegment(i, segments.get(i) + ";x"));
    }
    parameters.add(withSegment(0, segments.get(0) + ";"));
    parameters.add(withSegment(0, segments.get(0) + ";x=y"));
    parameters.add(path + ";");
    paths("path-parameter", parameters);
    paths("encoded-slash", eachSlash("%2F"), eachSlash("%2f"), List.of("/%2F" + path.substring(1)));
    List<String> nul = new ArrayList<>(List.of("/%00" + path, path + "%00"));
    for (int i = 0; i < segments.size() - 1; i++) {
      nul.add(withSegment(i, segments.get(i) + "%00"));
    }
    paths("nul", nul);
    paths(
        "encoded-dot",
        List.of(
            "/%2e" + path,
            "/%2E" + path,
            "/x/%2e%2e" + path,
            "/x/%2E%2E" + path,
            "/x/.%2e" + path,
            path + "/%2e",
            withSegment(0, segments.get(0) + "%2e")));
    paths(
        "case",
        List.of(
            path.toUpperCase(Locale.ROOT),
            capitalised(),
            withSegment(0, segments.get(0).toUpperCase(Locale.ROOT)),
            withSegment(0, alternating(segments.get(0)))));
    paths(
        "overlong-utf8",
        firstLetters(PathVariants::overlongTwoBytes),
        firstLetters(PathVariants::overlongThreeBytes),
        List.of(path.replaceFirst("(?<=.)/", "%c0%af"), path.replaceFirst("(?<=.)/", "%C0%AF")));
    paths(
        "backslash",
        eachSlash("\\"),
        eachSlash("%5c"),
        eachSlash("%5C"),
        List.of("\\" + path.substring(1)));
    hostHeaders();
    forwardedHeaders();
  }

  private void hostHeaders() {
    List<RawHttp.Request> twisted = new ArrayList<>();
    twisted.add(at(path).header("Host", "localhost"));
    twisted.add(at(path).header("Host", "evil.example"));
    twisted.add(at(path).header("Host", "127.0.0.1").header("Host", "evil.example"));
    twisted.add(at(path).header("Host", ""));
    twisted.add(at(NOWHERE).header("Host", "127.0.0.1" + path + "#"));
    twisted.add(at(NOWHERE).header("Host", "127.0.0.1" + path + "?"));
    twisted.add(base.retarget("http://127.0.0.1" + path + query));
    twisted.add(base.retarget("http://evil.example" + path + query));
    twisted.add(
        base.retarget("http://127.0.0.1" + NOWHERE).header("Host", "127.0.0.1" + path + "#"));
    families.put("host-header", twisted);
  }

  private void forwardedHeaders() {
    List<RawHttp.Request> forwarded = new ArrayList<>();
    for (String header :
        List.of("X-Original-URL", "X-Rewrite-URL", "X-Forwarded-Path", "X-Forwarded-Uri")) {
      forwarded.add(at(NOWHERE).header(header, path + query));
    }
    String first = "/" + segments.get(0);
    String rest = path.substring(first.length());
    if (!rest.isEmpty()) {
      forwarded.add(at(rest).header("X-Forwarded-Prefix", first));
    }
    forwarded.add(at(NOWHERE).header("X-Forwarded-Prefix", path));
    forwarded.add(at(path).header("X-Forwarded-Prefix", "/js"));
    forwarded.add(at(path).header("X-Forwarded-Prefix", "/actuator/health"));
    forwarded.add(at(path).header("Forwarded", "host=evil.example;proto=https"));
    forwarded.add(
        at(path).header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "https"));
    families.put("forwarded-header", forwarded);
  }

  @SafeVarargs
  private void paths(String family, List<String>... lists) {
    Set<String> targets = new LinkedHashSet<>();
    for (List<String> list : lists) {
      targets.addAll(list);
    }
    targets.remove(path);
    List<RawHttp.Request> requests = new ArrayList<>();
    targets.forEach(target -> requests.add(at(target)));
    families.put(family, requests);
  }

  private RawHttp.Request at(String target) {
    return base.retarget(target + query);
  }

  /** One letter of the first two segments replaced at a time. */
  private List<String> letters(java.util.function.IntFunction<String> spelling) {
    List<String> out = new ArrayList<>();
    for (int s = 0; s < Math.min(2, segments.size()); s++) {
      String segment = segments.get(s);
      for (int i = 0; i < segment.length(); i++) {
        if (Character.isLetter(segment.charAt(i))) {
          out.add(
              withSegment(
                  s,
                  segment.substring(0, i)
                      + spelling.apply(segment.charAt(i))
                      + segment.substring(i + 1)));
        }
      }
    }
    return out;
  }

  /** The first letter of each of the first two segments replaced. */
  private List<String> firstLetters(java.util.function.IntFunction<String> spelling) {
    List<String> out = new ArrayList<>();
    for (int s = 0; s < Math.min(2, segments.size()); s++) {
      String segment = segments.get(s);
      out.add(withSegment(s, spelling.apply(segment.charAt(0)) + segment.substring(1)));
    }
    return out;
  }

  /** Each slash after the first replaced by {@code replacement}, one at a time. */
  private List<String> eachSlash(String replacement) {
    List<String> out = new ArrayList<>();
    for (int i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) {
      out.add(path.substring(0, i) + replacement + path.substring(i + 1));
    }
    return out;
  }

  private String withSegment(int index, String replacement) {
    List<String> changed = new ArrayList<>(segments);
    changed.set(index, replacement);
    return "/" + String.join("/", changed);
  }

  private String capitalised() {
    return map(
        segment ->
            segment.isEmpty()
                ? segment
                : segment.substring(0, 1).toUpperCase(Locale.ROOT) + segment.substring(1));
  }

  private String map(UnaryOperator<String> each) {
    return "/" + String.join("/", segments.stream().map(each).toList());
  }

  private static String alternating(String segment) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      out.append(i % 2 == 1 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  private static String percent(int c, boolean upper) {
    return "%" + hex(c, upper);
  }

  private static String hex(int c, boolean upper) {
    String hex = String.format("%02x", c);
    return upper ? hex.toUpperCase(Locale.ROOT) : hex;
  }

  /** {@code a} (0x61) as %c1%a1: two bytes where UTF-8 allows only one. */
  private static String overlongTwoBytes(int c) {
    return "%" + hex(0xC0 | (c >> 6), false) + "%" + hex(0x80 | (c & 0x3F), false);
  }

  /** {@code a} as %e0%81%a1. */
  private static String overlongThreeBytes(int c) {
    return "%e0%" + hex(0x80 | (c >> 6), false) + "%" + hex(0x80 | (c & 0x3F), false);
  }
}
