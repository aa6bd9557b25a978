package io.llmproxy.app.startup;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Whether whoever started the JVM chose its maximum heap. Without a choice the JVM takes a quarter
 * of the machine's memory, several GiB on a workstation, which the proxy fills lazily and then
 * keeps: far from the 1 GiB container it is sized for.
 */
final class HeapChoice {

  /** Options that set the maximum heap, directly or as a share of a memory size. */
  private static final List<String> HEAP_OPTIONS =
      List.of(
          "-Xmx",
          "-XX:MaxHeapSize=",
          "-XX:MaxRAMPercentage=",
          "-XX:MaxRAMFraction=",
          "-XX:MaxRAM=");

  /** The launcher and the JVM read these before the command line; both can carry the choice. */
  static final List<String> OPTION_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");

  private HeapChoice() {}

  /**
   * @param jvmArguments the JVM's input arguments (the command line before the main class)
   * @param environment the process environment, of which only {@link #OPTION_VARIABLES} are read
   */
  static boolean explicit(List<String> jvmArguments, Map<String, String> environment) {
    Stream<String> fromEnvironment =
        OPTION_VARIABLES.stream()
            .map(environment::get)
            .filter(value -> value != null && !value.isBlank())
            .flatMap(value -> Stream.of(value.strip().split("\\s+")));
    return Stream.concat(jvmArguments.stream(), fromEnvironment).anyMatch(HeapChoice::choosesHeap);
  }

  static boolean choosesHeap(String option) {
    return HEAP_OPTIONS.stream().anyMatch(option::startsWith);
  }
}
