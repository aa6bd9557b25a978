package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.registry.EventRegistry;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.sessions.AdminSessionSignedOut;
import io.llmproxy.kernel.sessions.AdminSessionsEnded;
import io.llmproxy.kernel.sessions.BootstrapCredentialRecorded;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * The session events of every administrator name: the bootstrap administrator's session generation,
 * and the sessions signed out one by one, on every node (fed like {@link AdminUserRegistry}, and
 * applied in strict sequence for the same reason).
 */
@Component
@ProcessingGroup(AdminSessionRegistry.PROCESSING_GROUP)
public class AdminSessionRegistry implements EventRegistry {

  public static final String PROCESSING_GROUP = "edge-admin-sessions";

  private final Map<String, Applied> byUsername = new ConcurrentHashMap<>();
  private final SignedOutSessions signedOut;

  AdminSessionRegistry(Clock clock) {
    this.signedOut = new SignedOutSessions(clock);
  }

  /** How far one name's stream has been applied, and the generation it reached. */
  private record Applied(long generation, long version) {}

  @Override
  public List<String> aggregateTypes() {
    return List.of(AggregateTypes.ADMIN_SESSIONS);
  }

  @EventHandler
  void on(BootstrapCredentialRecorded event, @SequenceNumber long sequence) {
    advance(event.username(), sequence, null);
  }

  @EventHandler
  void on(AdminSessionsEnded event, @SequenceNumber long sequence) {
    advance(event.username(), sequence, event.generation());
  }

  @EventHandler
  void on(AdminSessionSignedOut event, @SequenceNumber long sequence) {
    if (advance(event.username(), sequence, null)) {
      signedOut.add(event.sessionId(), event.expiresAt());
    }
  }

  /** The session generation of the bootstrap administrator {@code username}; 0 until one ends. */
  long generation(String username) {
    Applied applied = byUsername.get(username);
    return applied == null ? 0 : applied.generation();
  }

  boolean isSignedOut(String sessionId) {
    return signedOut.contains(sessionId);
  }

  /** True when the event was next in its stream and is now applied. */
  private boolean advance(String username, long sequence, Long newGeneration) {
    boolean[] applied = {false};
    byUsername.compute(
        username,
        (name, current) -> {
          long expected = current == null ? 0 : current.version() + 1;
          if (sequence != expected) {
            return current;
          }
          applied[0] = true;
          long generation = current == null ? 0 : current.generation();
          // a generation never goes back: that would bring ended sessions back to life
          return new Applied(
              newGeneration != null ? Math.max(newGeneration, generation + 1) : generation,
              sequence);
        });
    return applied[0];
  }
}
