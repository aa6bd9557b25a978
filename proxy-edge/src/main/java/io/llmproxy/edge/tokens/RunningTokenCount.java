package io.llmproxy.edge.tokens;

import com.knuddels.jtokkit.api.Encoding;
import java.util.function.Supplier;

/**
 * The token count of a text that arrives in pieces (a streamed answer), without keeping the text:
 * once a few kilobytes are pending, everything up to the last place where the tokenizer must split
 * anyway is counted and dropped, so at most {@link #FORCE_AT} characters are ever kept.
 *
 * <p>Such a place is a letter followed by something that is neither a letter, a combining mark nor
 * an apostrophe: in both encodings' pre-tokenizing patterns (cl100k and o200k) no piece runs on
 * from a letter into such a character, and tokens never span two pieces, so counting the two sides
 * apart gives exactly the count of the whole. Text with no such place for {@link #FORCE_AT}
 * characters (long digit runs, base64) is cut where it stands, which may put a token or two more or
 * less into the count per cut (about one per 16k characters of such text).
 */
public final class RunningTokenCount {

  /** Pending characters from which the counted part is dropped. */
  static final int COUNT_AT = 4 * 1024;

  /** Pending characters from which they are counted even with no place to cut exactly. */
  static final int FORCE_AT = 16 * 1024;

  private final Supplier<Encoding> encodings;
  private Encoding encoding;
  private final StringBuilder pending = new StringBuilder();
  private long counted;

  /** The last exact cut in {@code pending}, 0 if there is none. */
  private int lastCut;

  /**
   * The encoding is looked up at the first count: a short answer whose usage the provider reports
   * is never counted, and loading an encoding the first time takes a while.
   */
  RunningTokenCount(Supplier<Encoding> encodings) {
    this.encodings = encodings;
  }

  public void append(CharSequence text) {
    int from = Math.max(1, pending.length());
    pending.append(text);
    for (int at = from; at < pending.length(); at++) {
      if (exactCut(pending.charAt(at - 1), pending.charAt(at))) {
        lastCut = at;
      }
    }
    if (pending.length() >= FORCE_AT) {
      boolean cutCloseToEnd = lastCut > 0 && pending.length() - lastCut < COUNT_AT;
      countUpTo(cutCloseToEnd ? lastCut : forcedCut());
    } else if (pending.length() >= COUNT_AT && lastCut > 0) {
      countUpTo(lastCut);
    }
  }

  /** Characters kept for later counting: fewer than {@link #FORCE_AT} between appends. */
  int kept() {
    return pending.length();
  }

  /** The tokens of everything appended so far. */
  public long total() {
    return counted + encoding().countTokensOrdinary(pending.toString());
  }

  private Encoding encoding() {
    if (encoding == null) {
      encoding = encodings.get();
    }
    return encoding;
  }

  private static boolean exactCut(char before, char at) {
    return Character.isLetter(before)
        && !Character.isLetter(at)
        && !isMark(at)
        && at != '\''
        && !Character.isSurrogate(at);
  }

  private static boolean isMark(char c) {
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }

  /** The end of the pending text, short of a surrogate pair's first half. */
  private int forcedCut() {
    int end = pending.length();
    return Character.isHighSurrogate(pending.charAt(end - 1)) ? end - 1 : end;
  }

  private void countUpTo(int end) {
    counted += encoding().countTokensOrdinary(pending.substring(0, end));
    pending.delete(0, end);
    lastCut = 0;
  }
}
