package io.llmproxy.query.keys;

/**
 * The key list's filters; a null field does not filter.
 *
 * @param text a substring of the name or the owner, case-insensitive for ASCII letters
 */
record KeyFilter(KeyStatus status, String teamId, String text) {}
