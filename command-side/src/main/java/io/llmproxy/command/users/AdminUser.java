package io.llmproxy.command.users;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.users.AdminRole;
import io.llmproxy.kernel.users.AdminUserCreated;
import io.llmproxy.kernel.users.AdminUserDisabled;
import io.llmproxy.kernel.users.AdminUserEnabled;
import io.llmproxy.kernel.users.AdminUserPasswordReset;
import io.llmproxy.kernel.users.AdminUserRoleChanged;
import io.llmproxy.kernel.users.AdminUserSessionsEnded;
import io.llmproxy.kernel.users.AdminUsernames;
import io.llmproxy.kernel.users.ChangeAdminUserRole;
import io.llmproxy.kernel.users.CreateAdminUser;
import io.llmproxy.kernel.users.DisableAdminUser;
import io.llmproxy.kernel.users.EnableAdminUser;
import io.llmproxy.kernel.users.EndAdminUserSessions;
import io.llmproxy.kernel.users.ResetAdminUserPassword;
import java.time.Clock;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An administrator or viewer of the proxy, besides the configured bootstrap administrator. Its
 * session generation counts the events that ended all of the user's sessions; tokens carry the
 * generation they were issued in.
 */
// revision 2 added the session generation: snapshots taken before it lack it and are not used
@Revision("2")
@Aggregate(
    type = AggregateTypes.ADMIN_USER,
    snapshotTriggerDefinition = "aggregateSnapshotTrigger",
    cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class AdminUser {

  /**
   * What Spring's BCryptPasswordEncoder produces. Checking it keeps a plaintext password, passed by
   * mistake, out of the event store, from which nothing can ever be removed.
   */
  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

  @AggregateIdentifier private String streamId;
  private String username;
  private AdminRole role;
  private boolean disabled;
  private long sessionGeneration;

  protected AdminUser() {
    // required by Axon to rebuild the aggregate from its events
  }

  @CommandHandler
  public AdminUser(CreateAdminUser command, Clock clock) {
    if (!AdminUsernames.isValid(command.username())) {
      throw new IllegalArgumentException("username must be " + AdminUsernames.RULE);
    }
    requireBcrypt(command.passwordHash());
    requireRole(command.role());
    apply(
        new AdminUserCreated(
            command.username(), command.passwordHash(), command.role(), clock.instant()));
  }

  @CommandHandler
  public void handle(ChangeAdminUserRole command, Clock clock) {
    requireRole(command.role());
    requireActor(command.requestedBy());
    if (command.role() == role) {
      return;
    }
    if (username.equals(command.requestedBy())) {
      // otherwise an administrator could lock themself out by accident
      throw new IllegalStateException(
          "you cannot change your own role; another administrator has to");
    }
    apply(new AdminUserRoleChanged(username, command.role(), clock.instant()));
  }

  @CommandHandler
  public void handle(ResetAdminUserPassword command, Clock clock) {
    requireBcrypt(command.passwordHash());
    apply(
        new AdminUserPasswordReset(
            username, command.passwordHash(), clock.instant(), sessionGeneration + 1));
  }

  @CommandHandler
  public void handle(DisableAdminUser command, Clock clock) {
    requireActor(command.requestedBy());
    if (username.equals(command.requestedBy())) {
      throw new IllegalStateException("you cannot disable yourself; another administrator has to");
    }
    if (!disabled) {
      apply(new AdminUserDisabled(username, clock.instant(), sessionGeneration + 1));
    }
  }

  @CommandHandler
  public void handle(EnableAdminUser command, Clock clock) {
    if (disabled) {
      apply(new AdminUserEnabled(username, clock.instant()));
    }
  }

  @CommandHandler
  public void handle(EndAdminUserSessions command, Clock clock) {
    if (command.reason() == null || command.reason().isBlank()) {
      throw new IllegalArgumentException("a reason for ending the sessions is required");
    }
    apply(
        new AdminUserSessionsEnded(
            username, sessionGeneration + 1, command.reason(), clock.instant()));
  }

  @EventSourcingHandler
  void on(AdminUserCreated event) {
    streamId = AdminUsernames.streamId(event.username());
    username = event.username();
    role = event.role();
  }

  @EventSourcingHandler
  void on(AdminUserRoleChanged event) {
    role = event.role();
  }

  @EventSourcingHandler
  void on(AdminUserPasswordReset event) {
    sessionGeneration = nextGeneration(event.generation());
  }

  @EventSourcingHandler
  void on(AdminUserDisabled event) {
    disabled = true;
    sessionGeneration = nextGeneration(event.generation());
  }

  @EventSourcingHandler
  void on(AdminUserSessionsEnded event) {
    sessionGeneration = event.generation();
  }

  @EventSourcingHandler
  void on(AdminUserEnabled event) {
    disabled = false;
  }

  /** Events recorded before generations existed carry none: each of them was one step up. */
  private long nextGeneration(Long recorded) {
    return recorded != null ? recorded : sessionGeneration + 1;
  }

  private static void requireBcrypt(String passwordHash) {
    if (passwordHash == null || !BCRYPT.matcher(passwordHash).matches()) {
      throw new IllegalArgumentException("a password must be given as its bcrypt hash");
    }
  }

  private static void requireRole(AdminRole role) {
    if (role == null) {
      throw new IllegalArgumentException("role is required");
    }
  }

  private static void requireActor(String requestedBy) {
    if (requestedBy == null || requestedBy.isBlank()) {
      throw new IllegalArgumentException("the acting administrator must be named");
    }
  }
}
