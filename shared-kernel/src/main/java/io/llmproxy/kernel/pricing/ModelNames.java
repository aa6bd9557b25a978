package io.llmproxy.kernel.pricing;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * How a model name finds its price: the exact name, else the longest listed name that it extends
 * with a {@code -suffix} (dated snapshots such as {@code gpt-4o-2024-08-06}, variants).
 */
public final class ModelNames {

  private ModelNames() {}

  public static String normalized(String model) {
    return model.strip().toLowerCase(Locale.ROOT);
  }

  /** The listed (normalized) name that prices {@code model}, if any. */
  public static Optional<String> bestMatch(String model, Collection<String> listed) {
    if (model == null) {
      return Optional.empty();
    }
    String name = normalized(model);
    if (listed.contains(name)) {
      return Optional.of(name);
    }
    String best = null;
    for (String candidate : listed) {
      if (extendsName(name, candidate) && (best == null || candidate.length() > best.length())) {
        best = candidate;
      }
    }
    return Optional.ofNullable(best);
  }

  // runs for every priced request over every listed name: compares in place, builds no string
  private static boolean extendsName(String name, String candidate) {
    return name.length() > candidate.length()
        && name.charAt(candidate.length()) == '-'
        && name.startsWith(candidate);
  }
}
