package io.llmproxy.edge.adminauth;

import io.llmproxy.kernel.users.AdminUserCreated;
import io.llmproxy.kernel.users.AdminUserDisabled;
import io.llmproxy.kernel.users.AdminUserEnabled;
import io.llmproxy.kernel.users.AdminUserPasswordReset;
import io.llmproxy.kernel.users.AdminUserRoleChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Hands admin-user events published on this node to the registry inside the publishing unit of work
 * (a subscribing processor): once {@code PATCH /admin/users/...} has answered, this node already
 * refuses the disabled user's tokens and signs the new user in.
 */
@Component
@ProcessingGroup(LocalAdminUserEvents.PROCESSING_GROUP)
class LocalAdminUserEvents {

  static final String PROCESSING_GROUP = "edge-local-admin-users";

  private final AdminUserRegistry registry;

  LocalAdminUserEvents(AdminUserRegistry registry) {
    this.registry = registry;
  }

  @EventHandler
  void on(AdminUserCreated event, @SequenceNumber long sequence) {
    registry.on(event, sequence);
  }

  @EventHandler
  void on(AdminUserRoleChanged event, @SequenceNumber long sequence) {
    registry.on(event, sequence);
  }

  @EventHandler
  void on(AdminUserPasswordReset event, @SequenceNumber long sequence) {
    registry.on(event, sequence);
  }

  @EventHandler
  void on(AdminUserDisabled event, @SequenceNumber long sequence) {
    registry.on(event, sequence);
  }

  @EventHandler
  void on(AdminUserEnabled event, @SequenceNumber long sequence) {
    registry.on(event, sequence);
  }
}
