package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.registry.EventRegistry;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.users.AdminUserCreated;
import io.llmproxy.kernel.users.AdminUserDisabled;
import io.llmproxy.kernel.users.AdminUserEnabled;
import io.llmproxy.kernel.users.AdminUserPasswordReset;
import io.llmproxy.kernel.users.AdminUserRoleChanged;
import io.llmproxy.kernel.users.AdminUserSessionsEnded;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Every admin user by name, built from their events: sign-in and the check of each admin request
 * read only this memory. Fed like the key registry (see {@link EventRegistry}), so a user disabled
 * or demoted on any node loses their rights here too.
 *
 * <p>A user's events are applied strictly in sequence: each entry remembers the sequence number it
 * was built from, an event already applied is ignored, and so is one that arrives ahead of a
 * predecessor (this node's own event, delivered at once, while another node's earlier one still
 * waits for the next poll); the poll delivers it again, in order. Skipping an event instead would
 * lose its step of the session generation.
 */
@Component
@ProcessingGroup(AdminUserRegistry.PROCESSING_GROUP)
public class AdminUserRegistry implements EventRegistry {

  public static final String PROCESSING_GROUP = "edge-admin-users";

  private final Map<String, RegisteredAdminUser> byUsername = new ConcurrentHashMap<>();

  @Override
  public List<String> aggregateTypes() {
    return List.of(AggregateTypes.ADMIN_USER);
  }

  @EventHandler
  void on(AdminUserCreated event, @SequenceNumber long sequence) {
    if (sequence != 0) {
      return;
    }
    byUsername.putIfAbsent(
        event.username(),
        new RegisteredAdminUser(
            event.username(), event.passwordHash(), event.role(), true, 0, sequence));
  }

  @EventHandler
  void on(AdminUserRoleChanged event, @SequenceNumber long sequence) {
    update(event.username(), sequence, user -> user.withRole(event.role(), sequence));
  }

  @EventHandler
  void on(AdminUserPasswordReset event, @SequenceNumber long sequence) {
    update(
        event.username(),
        sequence,
        user ->
            user.withPassword(
                event.passwordHash(), user.nextGeneration(event.generation()), sequence));
  }

  @EventHandler
  void on(AdminUserDisabled event, @SequenceNumber long sequence) {
    update(
        event.username(),
        sequence,
        user -> user.disabled(user.nextGeneration(event.generation()), sequence));
  }

  @EventHandler
  void on(AdminUserEnabled event, @SequenceNumber long sequence) {
    update(event.username(), sequence, user -> user.enabled(sequence));
  }

  @EventHandler
  void on(AdminUserSessionsEnded event, @SequenceNumber long sequence) {
    update(
        event.username(),
        sequence,
        user -> user.sessionsEnded(user.nextGeneration(event.generation()), sequence));
  }

  Optional<RegisteredAdminUser> find(String username) {
    return Optional.ofNullable(byUsername.get(username));
  }

  private void update(String username, long sequence, UnaryOperator<RegisteredAdminUser> change) {
    byUsername.computeIfPresent(
        username,
        (name, current) -> current.version() + 1 == sequence ? change.apply(current) : current);
  }
}
