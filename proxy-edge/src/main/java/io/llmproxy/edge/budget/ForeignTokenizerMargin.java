package io.llmproxy.edge.budget;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Prompts are counted locally with OpenAI's tokenizers. Other model families split the same text
 * into more tokens — Anthropic documents up to 35% more for its newest tokenizer — so for a model
 * that is not OpenAI's (by name: Azure deployment names that do not start with "gpt" count as
 * foreign too, which only reserves more), the reservation takes half again the local count.
 */
final class ForeignTokenizerMargin {

  private static final String[] OPENAI_FAMILIES = {
    "gpt", "chatgpt", "o1", "o3", "o4", "text-", "davinci", "babbage", "ft:gpt", "mock"
  };

  private ForeignTokenizerMargin() {}

  static BigInteger applied(String model, long localCount) {
    String name = model == null ? "" : model.toLowerCase(Locale.ROOT);
    for (String family : OPENAI_FAMILIES) {
      if (name.startsWith(family)) {
        return BigInteger.valueOf(localCount);
      }
    }
    // ⌈3/2 × count⌉
    return BigInteger.valueOf(localCount)
        .multiply(BigInteger.valueOf(3))
        .add(BigInteger.ONE)
        .shiftRight(1);
  }
}
