package io.llmproxy.command.users;

import static io.llmproxy.command.web.Requests.badRequest;

import io.llmproxy.command.web.CommandDispatcher;
import io.llmproxy.kernel.users.AdminRole;
import io.llmproxy.kernel.users.AdminUsernames;
import io.llmproxy.kernel.users.ChangeAdminUserRole;
import io.llmproxy.kernel.users.CreateAdminUser;
import io.llmproxy.kernel.users.DisableAdminUser;
import io.llmproxy.kernel.users.EnableAdminUser;
import io.llmproxy.kernel.users.ResetAdminUserPassword;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@RestController
@PreAuthorize("hasRole('ADMIN')")
@RequestMapping("/admin/users")
class AdminUserController {

  private static final int MIN_PASSWORD_CHARACTERS = 12;
  // bcrypt reads only this many bytes, and Spring's encoder refuses longer input
  private static final int MAX_PASSWORD_BYTES = 72;

  private final CommandDispatcher commands;
  private final String bootstrapUsername;
  private final PasswordEncoder passwords = new BCryptPasswordEncoder();

  AdminUserController(
      CommandDispatcher commands,
      @Value("${llmproxy.admin-username:admin}") String bootstrapUsername) {
    this.commands = commands;
    this.bootstrapUsername = bootstrapUsername;
  }

  @PostMapping
  Mono<ResponseEntity<AdminUserResponse>> create(@RequestBody CreateAdminUserRequest request) {
    String username = requireUsername(request.username());
    AdminRole role = requireRole(request.role());
    String password = requirePassword(request.password());
    return hash(password)
        .flatMap(hash -> commands.send(new CreateAdminUser(username, hash, role)))
        .onErrorMap(
            error -> hasStatus(error, HttpStatus.CONFLICT),
            error -> conflict("an admin user named '" + username + "' already exists"))
        .then(
            Mono.fromSupplier(
                () ->
                    ResponseEntity.status(HttpStatus.CREATED)
                        .body(new AdminUserResponse(username, role.claim(), false))));
  }

  /**
   * Applies the role first, then the enabled state, then the password, so that a change an
   * administrator may not make to themself is refused before anything else of the request is.
   */
  @PatchMapping("/{username}")
  Mono<ResponseEntity<Void>> update(
      @PathVariable String username, @RequestBody UpdateAdminUserRequest request) {
    requireUsername(username);
    AdminRole role = request.role() == null ? null : requireRole(request.role());
    String password = request.password() == null ? null : requirePassword(request.password());
    Boolean disabled = request.disabled();
    if (role == null && password == null && disabled == null) {
      throw badRequest("nothing to change: give role, password or disabled");
    }
    Mono<String> newHash = password == null ? Mono.empty() : hash(password);
    return commands
        .actor()
        .flatMap(
            actor -> {
              Mono<Object> roleChange =
                  role == null
                      ? Mono.empty()
                      : commands.send(new ChangeAdminUserRole(username, role, actor.subject()));
              Mono<Object> stateChange =
                  disabled == null
                      ? Mono.empty()
                      : commands.send(
                          disabled
                              ? new DisableAdminUser(username, actor.subject())
                              : new EnableAdminUser(username));
              Mono<Object> passwordChange =
                  newHash.flatMap(
                      hash -> commands.send(new ResetAdminUserPassword(username, hash)));
              return roleChange.then(stateChange).then(passwordChange);
            })
        .onErrorMap(
            error -> hasStatus(error, HttpStatus.NOT_FOUND),
            error ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "no admin user named '" + username + "'", error))
        .thenReturn(ResponseEntity.noContent().build());
  }

  private String requireUsername(String username) {
    if (!AdminUsernames.isValid(username)) {
      throw badRequest("username must be " + AdminUsernames.RULE);
    }
    if (username.equals(bootstrapUsername)) {
      throw conflict(
          "'"
              + username
              + "' is the bootstrap administrator, set by configuration"
              + " (llmproxy.admin-username, llmproxy.admin-password); it cannot be created or"
              + " changed here");
    }
    return username;
  }

  private static AdminRole requireRole(String role) {
    if (role == null) {
      throw badRequest("role is required: 'admin' or 'viewer'");
    }
    return AdminRole.fromClaim(role)
        .orElseThrow(() -> badRequest("role must be 'admin' or 'viewer'"));
  }

  private static String requirePassword(String password) {
    if (password == null) {
      throw badRequest("password is required");
    }
    if (password.codePointCount(0, password.length()) < MIN_PASSWORD_CHARACTERS) {
      throw badRequest("password must be at least " + MIN_PASSWORD_CHARACTERS + " characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw badRequest("password must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
    }
    return password;
  }

  /** bcrypt is deliberately slow, so it runs off the event loop. */
  private Mono<String> hash(String password) {
    return Mono.fromCallable(() -> passwords.encode(password))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static boolean hasStatus(Throwable error, HttpStatus status) {
    return error instanceof ResponseStatusException response
        && response.getStatusCode().value() == status.value();
  }

  private static ResponseStatusException conflict(String message) {
    return new ResponseStatusException(HttpStatus.CONFLICT, message);
  }
}
