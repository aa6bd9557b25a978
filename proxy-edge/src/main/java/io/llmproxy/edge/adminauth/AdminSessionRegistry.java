package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.registry.EventRegistry;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.sessions.AdminSessionSignedOut;
import io.llmproxy.kernel.sessions.AdminSessionsEnded;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * The session events of every administrator name, on every node (fed like {@link
 * AdminUserRegistry}): the bootstrap administrator's session generation, and the sessions signed
 * out one by one. Both only grow, so an event delivered twice or out of order changes nothing: a
 * generation is the highest one recorded, and a signed-out id stays signed out until it expires.
 */
@Component
@ProcessingGroup(AdminSessionRegistry.PROCESSING_GROUP)
public class AdminSessionRegistry implements EventRegistry {

  public static final String PROCESSING_GROUP = "edge-admin-sessions";

  private final Map<String, Long> generations = new ConcurrentHashMap<>();
  private final SignedOutSessions signedOut;

  AdminSessionRegistry(Clock clock) {
    this.signedOut = new SignedOutSessions(clock);
  }

  @Override
  public List<String> aggregateTypes() {
    return List.of(AggregateTypes.ADMIN_SESSIONS);
  }

  @EventHandler
  void on(AdminSessionsEnded event) {
    generations.merge(event.username(), event.generation(), Math::max);
  }

  @EventHandler
  void on(AdminSessionSignedOut event) {
    signedOut.add(event.sessionId(), event.expiresAt());
  }

  /** The session generation of the bootstrap administrator {@code username}; 0 until one ends. */
  long generation(String username) {
    return generations.getOrDefault(username, 0L);
  }

  boolean isSignedOut(String sessionId) {
    return signedOut.contains(sessionId);
  }
}
