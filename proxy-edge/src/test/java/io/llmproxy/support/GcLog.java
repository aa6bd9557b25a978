package io.llmproxy.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code -Xlog:gc} file says about heap use: each pause's {@code before->after(capacity)},
 * e.g. {@code GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->40M(164M) 3.1ms}. The largest
 * "before" is the most the heap held, garbage included, when a collection had to run.
 */
public record GcLog(
    int pauses,
    List<String> fullPauses,
    int evacuationFailures,
    long largestBeforeBytes,
    long largestAfterBytes) {

  private static final Pattern PAUSE =
      Pattern.compile("GC\\(\\d+\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\)");

  /** The pauses of {@code file} from line {@code fromLine} on (0: all of them). */
  public static GcLog read(Path file, int fromLine) throws IOException {
    List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
    int pauses = 0;
    List<String> full = new ArrayList<>();
    int failures = 0;
    long before = 0;
    long after = 0;
    for (String line : lines.subList(Math.min(fromLine, lines.size()), lines.size())) {
      Matcher pause = PAUSE.matcher(line);
      if (!pause.find()) {
        continue;
      }
      pauses++;
      if (pause.group(1).startsWith("Pause Full")) {
        full.add(line.substring(pause.start()));
      }
      // G1 found no room to copy live objects to: the heap is nearly full
      if (pause.group(1).contains("Evacuation Failure")) {
        failures++;
      }
      before = Math.max(before, bytes(pause.group(2), pause.group(3)));
      after = Math.max(after, bytes(pause.group(4), pause.group(5)));
    }
    return new GcLog(pauses, full, failures, before, after);
  }

  public static int lineCount(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  public long largestBeforeMiB() {
    return largestBeforeBytes >> 20;
  }

  public long largestAfterMiB() {
    return largestAfterBytes >> 20;
  }

  private static long bytes(String amount, String unit) {
    long value = Long.parseLong(amount);
    return switch (unit) {
      case "K" -> value << 10;
      case "M" -> value << 20;
      default -> value << 30;
    };
  }
}
