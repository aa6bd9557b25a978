package io.llmproxy.kernel.audit;

import java.util.Map;

/**
 * The administrator an admin request acts for: the token's subject and its lowercase role. It
 * travels in the request's Reactor context, then as command and event metadata, so every stored
 * fact names who caused it.
 */
public record Actor(String subject, String role) {

  /** Key of the Reactor context entry holding the {@code Actor}. */
  public static final String CONTEXT_KEY = Actor.class.getName();

  /** Metadata keys on commands and on the events they apply. */
  public static final String SUBJECT_METADATA = "actor";

  public static final String ROLE_METADATA = "actor_role";

  public Map<String, String> metaData() {
    return Map.of(SUBJECT_METADATA, subject, ROLE_METADATA, role);
  }
}
