package io.llmproxy.app.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeapChoiceTest {

  private static final long SIX_GIB = 6L * 1024 * 1024 * 1024;

  @Test
  void aMaximumHeapOrAShareOfMemoryOnTheCommandLineIsAChoice() {
    for (String option :
        List.of(
            "-Xmx164m",
            "-XX:MaxHeapSize=200000000",
            "-XX:MaxRAMPercentage=16",
            "-XX:MaxRAMFraction=4",
            "-XX:MaxRAM=1g")) {
      assertThat(HeapChoice.explicit(List.of("-XX:+UseG1GC", option), Map.of()))
          .as(option)
          .isTrue();
    }
  }

  @Test
  void optionsThatDoNotBoundTheHeapAreNoChoice() {
    List<String> arguments =
        List.of(
            "-Xms512m",
            "-Xss1m",
            "-XX:InitialRAMPercentage=10",
            "-XX:MinRAMPercentage=50",
            "-XX:MaxMetaspaceSize=256m",
            "-XX:MaxDirectMemorySize=64m",
            "-XX:+UseG1GC",
            "-Dllmproxy.note=-Xmx1g");
    assertThat(HeapChoice.explicit(arguments, Map.of())).isFalse();
    assertThat(HeapChoice.explicit(List.of(), Map.of())).isFalse();
  }

  @Test
  void theLaunchersAndTheJvmsOptionVariablesCount() {
    assertThat(
            HeapChoice.explicit(
                List.of(), Map.of("JDK_JAVA_OPTIONS", "-XX:+UseG1GC  -XX:MaxRAMPercentage=16")))
        .isTrue();
    assertThat(HeapChoice.explicit(List.of(), Map.of("JAVA_TOOL_OPTIONS", " -Xmx2g "))).isTrue();
    // JAVA_OPTS is only a convention of start scripts: the JVM never reads it
    assertThat(HeapChoice.explicit(List.of(), Map.of("JAVA_OPTS", "-Xmx2g"))).isFalse();
    assertThat(HeapChoice.explicit(List.of(), Map.of("JDK_JAVA_OPTIONS", "  "))).isFalse();
  }

  @Test
  void theWarningNamesTheHeapTheJvmTookAndTheStartScript() {
    var warning = new HeapSizeWarning(List.of("-Dfile.encoding=UTF-8"), Map.of(), SIX_GIB);
    assertThat(warning.message())
        .hasValueSatisfying(
            text -> assertThat(text).contains("6144 MiB", "./llm-proxy", "LLMPROXY_MAX_HEAP"));
    assertThat(new HeapSizeWarning(List.of("-Xmx164m"), Map.of(), SIX_GIB).message()).isEmpty();
  }
}
