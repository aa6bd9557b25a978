package io.llmproxy.support;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Nodes of one test JVM share Logback's one context, and Spring Boot resets and configures it as
 * each node starts and stops. Two nodes doing so at once (tests that start nodes concurrently, to
 * race them on one database) left one of them with half a configuration ("no conversion class
 * registered for [clr]") and a failed start. These listeners surround Boot's logging listener on
 * the events where it resets the context, so one node at a time does it. A production node is one
 * process, with one application.
 */
final class OneLoggingSetupAtATime {

  private static final ReentrantLock LOCK = new ReentrantLock();

  private OneLoggingSetupAtATime() {}

  static List<ApplicationListener<?>> listeners() {
    return List.of(new Before(), new After());
  }

  private static boolean resetsLogging(Class<? extends ApplicationEvent> type) {
    return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
        || ContextClosedEvent.class.isAssignableFrom(type)
        || ApplicationFailedEvent.class.isAssignableFrom(type);
  }

  private static final class Before implements SmartApplicationListener {
    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> type) {
      return resetsLogging(type);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
      try {
        // a ceiling against a node that never let go, not a wait anyone should reach
        if (!LOCK.tryLock(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("another node held the logging set-up for 60 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public int getOrder() {
      return LoggingApplicationListener.DEFAULT_ORDER - 1;
    }
  }

  private static final class After implements SmartApplicationListener {
    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> type) {
      return resetsLogging(type);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
      while (LOCK.isHeldByCurrentThread()) {
        LOCK.unlock();
      }
    }

    @Override
    public int getOrder() {
      return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }
  }
}
