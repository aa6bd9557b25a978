package io.llmproxy.kernel.keys;

/** One key as the key list shows it; the answer is empty for an unknown key. */
public record FindKey(String keyId) {}
