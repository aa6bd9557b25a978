package io.llmproxy.command.keys;

/** Answers whether a team exists, so a key can only be put into a real one. */
@FunctionalInterface
public interface TeamDirectory {

  boolean exists(String teamId);
}
