package io.llmproxy.edge.adminauth;

import io.llmproxy.kernel.sessions.RecordBootstrapCredential;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * At start, records the bootstrap administrator's credential fingerprint; a different one than last
 * recorded (the password was changed in the configuration) ends the sessions begun with the old
 * password on every node. It runs before the node reports ready, and admin access waits for it.
 * Command-line tools serve no sign-ins and record nothing.
 */
@Component
public class BootstrapCredentialCheck implements ApplicationListener<ApplicationStartedEvent> {

  private static final Logger log = LoggerFactory.getLogger(BootstrapCredentialCheck.class);
  // each conflict means another node recorded meanwhile; this many in a row means something else
  private static final int ATTEMPTS = 10;

  private final CommandGateway commands;
  private final BootstrapAdmin bootstrap;
  private volatile boolean recorded;

  BootstrapCredentialCheck(CommandGateway commands, BootstrapAdmin bootstrap) {
    this.commands = commands;
    this.bootstrap = bootstrap;
  }

  @Override
  public void onApplicationEvent(ApplicationStartedEvent event) {
    if (event.getApplicationContext() instanceof WebServerApplicationContext) {
      record(bootstrap.credentialFingerprint());
    }
  }

  /**
   * Records a fingerprint of the bootstrap credential, once however many nodes do at the same time:
   * a node whose append lost the race on the stream's sequence reads the winner's record, tries
   * again, and finds the credential already recorded.
   */
  public void record(String fingerprint) {
    for (int attempt = 1; ; attempt++) {
      try {
        Boolean ended =
            commands.sendAndWait(new RecordBootstrapCredential(bootstrap.username(), fingerprint));
        if (Boolean.TRUE.equals(ended)) {
          log.warn(
              "The bootstrap administrator's password changed: every session '{}' began before"
                  + " has ended",
              bootstrap.username());
        }
        recorded = true;
        return;
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !isConflict(e)) {
          throw e;
        }
        log.info(
            "Another node recorded the bootstrap credential at the same time; reading its record");
      }
    }
  }

  boolean isRecorded() {
    return recorded;
  }

  private static boolean isConflict(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConcurrencyException
          || cause instanceof AggregateStreamCreationException) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
