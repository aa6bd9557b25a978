package io.llmproxy.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the dashboard's Playwright script ({@code static/browser-tests/dashboard.test.mjs}) in
 * Debian's headless Chromium against the real application on a fresh data folder: every page,
 * issuing, rotating and revoking a key, proxied calls seen on the overview and in the live feed,
 * the CSP and markup injection through a key name. Screenshots of each page go to {@code
 * target/dashboard-screenshots}.
 *
 * <p>Needs {@code node}, {@code /usr/bin/chromium} (or {@code -Ddashboard.chromium=PATH}) and
 * {@code npm ci} run in {@code static/browser-tests}; without them the test fails, unless it is
 * skipped on purpose with {@code -Ddashboard.browser-tests=skip}.
 */
@EndToEnd
class DashboardBrowserTest {

  private static final long TIMEOUT_MINUTES = 6;

  @TempDir Path dataDir;

  @Test
  void everyPageWorksInARealBrowser() throws Exception {
    Path scripts = Path.of(System.getProperty("user.dir")).resolve("../static/browser-tests");
    Path chromium = Path.of(System.getProperty("dashboard.chromium", "/usr/bin/chromium"));
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(chromium)) {
      missing.add(chromium + " (apt-get install -y --no-install-recommends chromium)");
    }
    if (!Files.isDirectory(scripts.resolve("node_modules/playwright-core"))) {
      missing.add("playwright-core (run npm ci in " + scripts.normalize() + ")");
    }
    if (!nodeRuns()) {
      missing.add("node on the PATH (apt-get install -y nodejs npm)");
    }
    if (!missing.isEmpty()) {
      String message = "the dashboard browser tests need " + String.join(", ", missing);
      // an explicit opt-out only: CI installs all of these, so a missing one must not pass quietly
      Assumptions.assumeFalse(
          "skip".equals(System.getProperty("dashboard.browser-tests")),
          message + "; skipped by -Ddashboard.browser-tests=skip");
      fail(message + " (or pass -Ddashboard.browser-tests=skip to skip them)");
    }

    Path screenshots = Path.of(System.getProperty("user.dir"), "target", "dashboard-screenshots");
    Files.createDirectories(screenshots);
    try (Stream<Path> old = Files.list(screenshots)) {
      for (Path png : old.filter(p -> p.toString().endsWith(".png")).toList()) {
        Files.delete(png);
      }
    }
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      ProcessBuilder builder =
          new ProcessBuilder("node", "dashboard.test.mjs")
              .directory(scripts.toFile())
              .redirectErrorStream(true);
      builder.environment().put("BASE_URL", node.baseUrl());
      builder.environment().put("ADMIN_USER", "admin");
      builder.environment().put("ADMIN_PASSWORD", ProxyNode.ADMIN_PASSWORD);
      builder.environment().put("SCREENSHOT_DIR", screenshots.toString());
      builder.environment().put("CHROMIUM", chromium.toString());
      Process process = builder.start();
      List<String> failures = new ArrayList<>();
      Thread relay =
          new Thread(
              () -> {
                try (BufferedReader lines =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = lines.readLine()) != null) {
                    System.out.println("[dashboard] " + line);
                    if (line.startsWith("not ok")) {
                      synchronized (failures) {
                        failures.add(line);
                      }
                    }
                  }
                } catch (IOException e) {
                  System.out.println("[dashboard] output lost: " + e);
                }
              },
              "dashboard-browser-test-output");
      relay.start();
      boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      relay.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(finished)
          .as("the browser tests finished within %d minutes", TIMEOUT_MINUTES)
          .isTrue();
      synchronized (failures) {
        assertThat(failures).as("failed browser steps").isEmpty();
      }
      assertThat(process.exitValue()).as("exit code of node dashboard.test.mjs").isZero();
    }
  }

  private static boolean nodeRuns() {
    try {
      Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      version.getInputStream().readAllBytes();
      return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
