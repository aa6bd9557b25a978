package io.llmproxy.kernel.keys;

import java.security.SecureRandom;

/** Unpredictable strings over a chosen alphabet, for secrets and identifiers. */
public final class RandomText {

  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomText() {}

  public static String of(String alphabet, int length) {
    var out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
