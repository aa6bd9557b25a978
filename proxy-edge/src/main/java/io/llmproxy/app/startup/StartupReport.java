package io.llmproxy.app.startup;

import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With {@code llmproxy.startup-report=true}, records how long each step of the context's refresh
 * took (bean by bean) for {@code /actuator/startup}. Off by default: recording costs time and
 * memory at every start for a report that is only read when start time is being investigated.
 *
 * <p>Installed as an initializer so that the setting can come from anywhere Spring reads settings
 * and still be known before the first bean is created; the steps before the context exists
 * (environment, banner) are therefore not in the report.
 */
public class StartupReport
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  static final String SETTING = "llmproxy.startup-report";

  /** Enough for every bean's instantiation and post-processing steps, with room to grow. */
  private static final int STEPS = 20_000;

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    if (context.getEnvironment().getProperty(SETTING, Boolean.class, false)) {
      context.setApplicationStartup(new BufferingApplicationStartup(STEPS));
    }
  }
}
