package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.registry.EventRegistry;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.users.AdminUserCreated;
import io.llmproxy.kernel.users.AdminUserDisabled;
import io.llmproxy.kernel.users.AdminUserEnabled;
import io.llmproxy.kernel.users.AdminUserPasswordReset;
import io.llmproxy.kernel.users.AdminUserRoleChanged;
import java.time.Instant;
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
 * or demoted on any node loses their rights here too; each entry remembers the sequence number it
 * was built from, which makes the two deliveries of an event idempotent and order-safe.
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
    byUsername.compute(
        event.username(),
        (name, current) ->
            current != null && current.version() >= sequence
                ? current
                : new RegisteredAdminUser(
                    event.username(),
                    event.passwordHash(),
                    event.role(),
                    true,
                    // not the creation time: another node's clock may be behind ours
                    Instant.EPOCH,
                    sequence));
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
        user -> user.withPassword(event.passwordHash(), event.resetAt(), sequence));
  }

  @EventHandler
  void on(AdminUserDisabled event, @SequenceNumber long sequence) {
    update(event.username(), sequence, user -> user.disabled(event.disabledAt(), sequence));
  }

  @EventHandler
  void on(AdminUserEnabled event, @SequenceNumber long sequence) {
    update(event.username(), sequence, user -> user.enabled(sequence));
  }

  Optional<RegisteredAdminUser> find(String username) {
    return Optional.ofNullable(byUsername.get(username));
  }

  private void update(String username, long sequence, UnaryOperator<RegisteredAdminUser> change) {
    byUsername.computeIfPresent(
        username,
        (name, current) -> current.version() >= sequence ? current : change.apply(current));
  }
}
