package io.llmproxy.app;

import io.llmproxy.app.commandline.AuditReplayCommand;
import io.llmproxy.app.commandline.GenerateUsageCommand;
import io.llmproxy.app.commandline.RebuildReadModelsCommand;
import io.llmproxy.app.startup.HeapSizeWarning;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** Assembles the edge, the command side, the query side and the dashboard into one process. */
// no in-memory user with a printed password: admins and keys have their own authenticators
@SpringBootApplication(
    scanBasePackages = "io.llmproxy",
    exclude = ReactiveUserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan("io.llmproxy")
@EnableJpaRepositories(basePackages = "io.llmproxy")
@EntityScan(
    basePackages = {
      "io.llmproxy",
      // an explicit entity scan replaces Axon's own registration, so its entities are listed here;
      // sagas and dead letters are not used, so their entities (and tables) are left out
      "org.axonframework.eventsourcing.eventstore.jpa",
      "org.axonframework.eventhandling.tokenstore.jpa"
    })
public class LlmProxyApplication {

  public static void main(String[] args) {
    if (AuditReplayCommand.requested(args)) {
      System.exit(AuditReplayCommand.run(args, System.out, System.err));
    }
    if (GenerateUsageCommand.requested(args)) {
      System.exit(GenerateUsageCommand.run(args, System.out, System.err));
    }
    if (RebuildReadModelsCommand.requested(args)) {
      System.exit(RebuildReadModelsCommand.run(args, System.out, System.err));
    }
    disableAxonUpdateChecker();
    SpringApplication application = new SpringApplication(LlmProxyApplication.class);
    application.addListeners(new HeapSizeWarning());
    application.run(args);
  }

  /** A gateway must not phone home; Axon's checker would also write under the user's home. */
  public static void disableAxonUpdateChecker() {
    if (System.getProperty("axoniq.update-checker.disabled") == null) {
      System.setProperty("axoniq.update-checker.disabled", "true");
    }
  }
}
