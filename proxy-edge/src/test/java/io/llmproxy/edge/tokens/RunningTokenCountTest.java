package io.llmproxy.edge.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The running count of a streamed answer against the count of the whole text: seeded random texts
 * mixing what answers are made of (words, contractions, digits, punctuation, whitespace runs,
 * newlines, CJK, Devanagari with its combining vowel signs, decomposed accents, emoji, text
 * spelling special tokens), cut into random pieces at any character.
 */
class RunningTokenCountTest {

  private static final List<String> MODELS = List.of("gpt-4", "gpt-4o");

  private static final String[] PARTS = {
    "the",
    "quick",
    "Proxy",
    "relays",
    "HTTP",
    "iPhone",
    "McDonald",
    "ABCdef",
    "naïve",
    "café",
    "e\u0301t\u0301e",
    "don't",
    "it's",
    "we'll",
    "'s",
    "'",
    "12345",
    "3.14",
    "7",
    ",",
    ".",
    "!",
    "?",
    "(",
    ")",
    "{\"a\":",
    "}",
    ":",
    ";",
    "-",
    "—",
    "/",
    " ",
    "  ",
    "   ",
    "\n",
    "\n\n",
    "\t",
    " \n",
    "\r\n",
    "你好",
    "世界",
    "。",
    "，",
    "привет",
    "नमस्ते",
    "किताब",
    "😀",
    "👍🏽",
    "<|endoftext|>",
    "<|im_start|>",
    "x_y",
    "__init__",
    "0x1F"
  };

  private final TokenCounter counter = new TokenCounter();

  @Test
  void countsTheSameAsTheWholeTextAndKeepsABoundedTail() {
    for (String model : MODELS) {
      for (int seed = 0; seed < 100; seed++) {
        Random random = new Random(seed);
        String text = text(random, random.nextInt(60_000));
        RunningTokenCount running = counter.running(model);
        for (String piece : pieces(random, text)) {
          running.append(piece);
          assertThat(running.kept()).isLessThan(RunningTokenCount.FORCE_AT);
        }
        assertThat(running.total())
            .as("seed %d, %s, %d characters", seed, model, text.length())
            .isEqualTo(counter.count(model, text));
      }
    }
  }

  @Test
  void textWithoutAPlaceToCutExactlyIsCountedWithinATokenOrTwoPerForcedCut() {
    Random random = new Random(7);
    StringBuilder digits = new StringBuilder();
    StringBuilder cjk = new StringBuilder();
    while (digits.length() < 200_000) {
      digits.append("0123456789+-*/=%".charAt(random.nextInt(16)));
      cjk.append("的一是不了人我在有他这中大来上国个到说们".charAt(random.nextInt(20)));
    }
    for (String text : List.of(digits.toString(), cjk.toString())) {
      for (String model : MODELS) {
        RunningTokenCount running = counter.running(model);
        pieces(random, text).forEach(running::append);
        long whole = counter.count(model, text);
        long forcedCuts = text.length() / RunningTokenCount.FORCE_AT;
        System.out.printf(
            "[running-count] %s, %d characters without exact cuts: whole %d, running %d%n",
            model, text.length(), whole, running.total());
        assertThat(Math.abs(running.total() - whole))
            .as("%s: %d tokens whole, %d running", model, whole, running.total())
            .isLessThanOrEqualTo(2 * forcedCuts);
      }
    }
  }

  @Test
  void textSpellingASpecialTokenIsCountedAsText() {
    for (String model : MODELS) {
      assertThat(counter.count(model, "<|endoftext|>")).isGreaterThan(1);
    }
  }

  private static String text(Random random, int length) {
    StringBuilder text = new StringBuilder(length + 20);
    while (text.length() < length) {
      text.append(PARTS[random.nextInt(PARTS.length)]);
      if (random.nextInt(3) > 0) {
        text.append(' ');
      }
    }
    return text.toString();
  }

  /** Mostly a few characters, as stream deltas are, now and then a few thousand. */
  private static List<String> pieces(Random random, String text) {
    List<String> pieces = new java.util.ArrayList<>();
    for (int at = 0; at < text.length(); ) {
      int length = random.nextInt(20) == 0 ? 1 + random.nextInt(5_000) : 1 + random.nextInt(40);
      int end = Math.min(text.length(), at + length);
      pieces.add(text.substring(at, end));
      at = end;
    }
    return pieces;
  }
}
