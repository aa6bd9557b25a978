package io.llmproxy.app.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JVM flags ./llm-proxy chooses, read from its --dry-run line (no JVM is started). */
class StartScriptDryRunTest {

  static final Path SCRIPT = Path.of("..", "llm-proxy").toAbsolutePath().normalize();

  @Test
  void withoutChoicesItSizesTheHeapForA1GiBContainerWithG1AndPassesTheArguments() throws Exception {
    String line = dryRun(Map.of(), "--server.port=9999");
    assertThat(line)
        .contains(" -Xmx164m ", " -XX:+UseG1GC ", " -XX:MarkStackSize=512k ")
        .contains(" -XX:+ExitOnOutOfMemoryError ")
        .endsWith(" --server.port=9999");
  }

  @Test
  void aHeapSettingOfAShareBecomesAPercentageOfTheLimit() throws Exception {
    assertThat(dryRun(Map.of("LLMPROXY_MAX_HEAP", "16%")))
        .contains(" -XX:MaxRAMPercentage=16 ")
        .doesNotContain("-Xmx");
    assertThat(dryRun(Map.of("LLMPROXY_MAX_HEAP", "512m"))).contains(" -Xmx512m ");
  }

  @Test
  void whatTheOperatorChoseAnywhereWinsOverTheDefaults() throws Exception {
    for (String variable : List.of("JAVA_OPTS", "JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS")) {
      String line = dryRun(Map.of(variable, "-XX:MaxRAMPercentage=50 -XX:+UseParallelGC"), "--a=b");
      assertThat(line).as(variable).doesNotContain("-Xmx", "UseG1GC", "MarkStackSize");
    }
    // JAVA_OPTS comes after the defaults, so a flag it repeats overrides them
    String line = dryRun(Map.of("JAVA_OPTS", "-XX:-ExitOnOutOfMemoryError -Dx=1"));
    assertThat(line).contains(" -Xmx164m ").doesNotContain("+ExitOnOutOfMemoryError");
    assertThat(line.indexOf("-XX:+UseG1GC")).isLessThan(line.indexOf("-Dx=1"));
  }

  @Test
  void aJarWithoutAFresherClassDataArchiveRunsAsItIs() throws Exception {
    Path jar = Path.of("target", "no-such-folder", "llm-proxy.jar").toAbsolutePath();
    assertThat(dryRun(Map.of("LLMPROXY_JAR", jar.toString())))
        .endsWith(" -jar " + jar)
        .doesNotContain("SharedArchiveFile");
  }

  static String dryRun(Map<String, String> environment, String... arguments)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder();
    builder.command().addAll(List.of("sh", SCRIPT.toString(), "--dry-run"));
    builder.command().addAll(List.of(arguments));
    for (String variable : HeapChoice.OPTION_VARIABLES) {
      builder.environment().remove(variable);
    }
    builder.environment().remove("JAVA_OPTS");
    builder.environment().remove("LLMPROXY_MAX_HEAP");
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.strip();
  }
}
