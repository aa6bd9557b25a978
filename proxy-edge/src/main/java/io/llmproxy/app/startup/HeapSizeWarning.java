package io.llmproxy.app.startup;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * One warning at start when the JVM runs with a heap nobody chose (a plain {@code java -jar}),
 * naming the heap it took and the start script that sizes it. Registered by the application's main
 * method only, so tests and command-line tools running in other JVMs stay quiet.
 */
public class HeapSizeWarning
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

  private static final Logger log = LoggerFactory.getLogger(HeapSizeWarning.class);
  private static final long MIB = 1024 * 1024;

  private final List<String> jvmArguments;
  private final Map<String, String> environment;
  private final long maxHeapBytes;

  public HeapSizeWarning() {
    this(
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        System.getenv(),
        Runtime.getRuntime().maxMemory());
  }

  HeapSizeWarning(List<String> jvmArguments, Map<String, String> environment, long maxHeapBytes) {
    this.jvmArguments = jvmArguments;
    this.environment = environment;
    this.maxHeapBytes = maxHeapBytes;
  }

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    message().ifPresent(log::warn);
  }

  Optional<String> message() {
    if (HeapChoice.explicit(jvmArguments, environment)) {
      return Optional.empty();
    }
    return Optional.of(
        ("No maximum heap was chosen, so the JVM took %d MiB (a share of this machine's memory)."
                + " Start the proxy with ./llm-proxy, which sizes it for a 1 GiB container"
                + " (LLMPROXY_MAX_HEAP, default 164m), or give java -Xmx yourself;"
                + " see docs/operations.md, \"Sizing\".")
            .formatted(maxHeapBytes / MIB));
  }

  /** After Spring Boot's logging system is set up, which happens on the same event. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
