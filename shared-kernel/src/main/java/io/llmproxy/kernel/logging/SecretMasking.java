package io.llmproxy.kernel.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in free text before it leaves the process as a log line or an error message.
 *
 * <p>Recognised: our virtual keys (reduced to their public id, {@code sk-llmp-<id>-****}), provider
 * keys by their well-known prefixes ({@code sk-}, {@code sk-proj-}, {@code sk-ant-}, {@code AIza},
 * {@code gsk_}, {@code xai-}, {@code pplx-}, {@code hf_}), JWTs, the token after {@code Bearer},
 * and the value after a credential-carrying name such as {@code Authorization:}, {@code
 * x-api-key:}, {@code api_key=} or {@code access_token=}. What remains is enough to tell which
 * credential it was, never enough to use it.
 */
public final class SecretMasking {

  public static final String MASK = "****";

  private static final String VIRTUAL_KEY_PREFIX = "sk-llmp-";

  /**
   * Not glued to a preceding letter, so {@code disk-…} is left alone; a digit may precede, as in a
   * URL-encoded {@code %20sk-…}.
   */
  private static final String START = "(?<![A-Za-z])";

  // Tried only where triggerAt finds one of the literals these rules start with, so both must
  // change together. Possessive runs (++, {n,}+) keep a rule from matching a shorter piece of an
  // already masked token: masking twice gives the same text as masking once.
  private static final Pattern SECRETS =
      Pattern.compile(
          String.join(
              "|",
              "sk-llmp-(?<keyId>[a-z0-9]{12})-(?<keySecret>[A-Za-z0-9]++)(?<ellipsis>\u2026)?",
              "(?<label>(?i:authorization|api[-_]?key|access[-_]?token)"
                  + "(?:\\\\?[\"'])?[ \\t]*[:=][ \\t]*(?:\\\\?[\"'])?"
                  + "(?i:(?:bearer|basic|token)[ \\t]+)?)"
                  + "(?<labelled>[^\\s\"'`\\\\,;&(){}\\[\\]<>]++)",
              "(?<bearer>(?<![A-Za-z0-9])(?i:bearer)[ \\t]+)(?<token>[A-Za-z0-9._~+/=-]{8,}+)(?!\\*)",
              START + "(?<providerKey>sk-(?:[a-z]{2,8}-)?)[A-Za-z0-9_-]{16,}+(?!\\*)",
              START + "(?<google>AIza)[A-Za-z0-9_-]{30,}+",
              START + "(?<other>gsk_|xai-|pplx-|hf_)[A-Za-z0-9_-]{20,}+",
              START + "(?<jwt>eyJ)[A-Za-z0-9_-]{4,}+\\.eyJ[A-Za-z0-9_-]{4,}+\\.[A-Za-z0-9_-]*+"));

  private static final Pattern VIRTUAL_KEY = Pattern.compile("sk-llmp-([a-z0-9]{12})-.+");
  private static final Pattern PROVIDER_FAMILY = Pattern.compile("sk-(?:[a-z]{2,8}-)?");
  private static final Pattern OTHER_PREFIX = Pattern.compile("gsk_|xai-|pplx-|hf_|AIza|eyJ");
  private static final Pattern SCHEME =
      Pattern.compile("(?i)(bearer|basic|token)[ \\t]+(\\S.*)", Pattern.DOTALL);

  /** The first letters of triggerAt's literals, as bits over the characters 64 to 127. */
  private static final long TRIGGER_LETTERS = letters("seAaBbghpx");

  /** Used when masking itself fails: withholding the text is the only safe answer. */
  private static final String WITHHELD = "[text withheld: it could not be checked for secrets]";

  private SecretMasking() {}

  /**
   * The text with every credential in it masked; the very same instance when there is nothing to
   * mask. One pass over the characters finds where a rule could start; the patterns run only there.
   */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    int first = nextTrigger(text, 0);
    if (first < 0) {
      return text;
    }
    try {
      return replaceSecrets(text, first);
    } catch (RuntimeException | StackOverflowError e) {
      return WITHHELD;
    }
  }

  /**
   * A value known to be a credential, e.g. an {@code Authorization} or {@code x-api-key} header:
   * masked whatever its shape, keeping an auth scheme and a recognisable prefix.
   */
  public static String maskCredential(String credential) {
    if (credential == null || credential.isBlank()) {
      return credential;
    }
    String value = credential.strip();
    Matcher scheme = SCHEME.matcher(value);
    if (scheme.matches()) {
      return scheme.group(1) + " " + maskToken(scheme.group(2).strip());
    }
    return maskToken(value);
  }

  private static String replaceSecrets(String text, int first) {
    // transparent bounds: the look-behinds see the character before the region
    Matcher matcher = SECRETS.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    StringBuilder out = null;
    int copied = 0;
    int at = first;
    while (at >= 0) {
      matcher.region(at, text.length());
      if (!matcher.lookingAt()) {
        at = nextTrigger(text, at + 1);
        continue;
      }
      String replacement = replacement(matcher);
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, at).append(replacement);
        copied = matcher.end();
      }
      at = nextTrigger(text, matcher.end());
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /** What replaces the match, or null to leave it as it is. */
  private static String replacement(Matcher m) {
    if (m.group("keyId") != null) {
      // the display prefix (four characters and an ellipsis) is public by design
      boolean displayPrefix = m.group("ellipsis") != null && m.group("keySecret").length() <= 4;
      return displayPrefix ? null : VIRTUAL_KEY_PREFIX + m.group("keyId") + "-" + MASK;
    }
    if (m.group("label") != null) {
      String value = m.group("labelled");
      return isPlaceholder(value) ? null : m.group("label") + maskToken(value);
    }
    if (m.group("bearer") != null) {
      return bearer(m.group("bearer"), m.group("token"));
    }
    if (m.group("providerKey") != null) {
      return m.group("providerKey") + MASK;
    }
    String prefix = m.group("google");
    if (prefix == null) {
      prefix = m.group("other");
    }
    if (prefix == null) {
      prefix = m.group("jwt");
    }
    return prefix == null ? null : prefix + MASK;
  }

  /** Prose such as "bearer authentication" is not a token: only tokens with digits or length. */
  private static String bearer(String scheme, String token) {
    int end = token.length();
    while (end > 0 && token.charAt(end - 1) == '.') {
      end--;
    }
    String bare = token.substring(0, end);
    boolean looksLikeToken = bare.length() >= 20 || bare.chars().anyMatch(Character::isDigit);
    if (!looksLikeToken || isPlaceholder(bare)) {
      return null;
    }
    return scheme + maskToken(bare) + token.substring(end);
  }

  /** Documentation-style values such as {@code sk-llmp-...} or an already masked one. */
  private static boolean isPlaceholder(String value) {
    if (value.endsWith(MASK)) {
      return true;
    }
    boolean elided = value.endsWith("...") || value.endsWith("\u2026");
    return elided && value.length() <= 16;
  }

  private static String maskToken(String token) {
    Matcher virtualKey = VIRTUAL_KEY.matcher(token);
    if (virtualKey.matches()) {
      return VIRTUAL_KEY_PREFIX + virtualKey.group(1) + "-" + MASK;
    }
    Matcher family = PROVIDER_FAMILY.matcher(token);
    if (family.lookingAt()) {
      return family.group() + MASK;
    }
    Matcher other = OTHER_PREFIX.matcher(token);
    if (other.lookingAt()) {
      return other.group() + MASK;
    }
    return MASK;
  }

  /** Where the next rule could start: a literal every rule begins with, or -1. */
  static int nextTrigger(String text, int from) {
    for (int i = from, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c >= 64 && c < 128 && (TRIGGER_LETTERS >>> (c - 64) & 1) != 0 && triggerAt(text, i)) {
        return i;
      }
    }
    return -1;
  }

  private static long letters(String first) {
    long bits = 0;
    for (char c : first.toCharArray()) {
      bits |= 1L << (c - 64);
    }
    return bits;
  }

  private static boolean triggerAt(String text, int i) {
    return switch (text.charAt(i)) {
      case 's' -> text.startsWith("sk-", i);
      case 'e' -> text.startsWith("eyJ", i);
      case 'g' -> text.startsWith("gsk_", i);
      case 'x' -> text.startsWith("xai-", i);
      case 'p' -> text.startsWith("pplx-", i);
      case 'h' -> text.startsWith("hf_", i);
      case 'b', 'B' -> text.regionMatches(true, i, "bearer", 0, 6);
      case 'a', 'A' ->
          text.startsWith("AIza", i)
              || text.regionMatches(true, i, "authorization", 0, 13)
              || namedAt(text, i, "api", "key")
              || namedAt(text, i, "access", "token");
      default -> false;
    };
  }

  /** {@code first} and {@code second} at {@code i}, case-insensitive, joined by -, _ or nothing. */
  private static boolean namedAt(String text, int i, String first, String second) {
    if (!text.regionMatches(true, i, first, 0, first.length())) {
      return false;
    }
    int j = i + first.length();
    if (j < text.length() && (text.charAt(j) == '-' || text.charAt(j) == '_')) {
      j++;
    }
    return text.regionMatches(true, j, second, 0, second.length());
  }
}
