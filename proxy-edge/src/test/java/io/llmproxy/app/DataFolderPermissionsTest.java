package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The data folder holds bcrypt hashes, key hashes and all usage: it is 0700 and every file in it
 * 0600, SQLite's -wal and -shm included, whatever the umask of the process (0022 where the tests
 * run, which would give 0644).
 */
@ExtendWith(OutputCaptureExtension.class)
@EndToEnd
class DataFolderPermissionsTest {

  @TempDir Path tempDir;

  @Test
  void aFreshDataFolderAndEveryFileInItAreOwnerOnly() throws IOException {
    Path dataDir = tempDir.resolve("data");
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      String admin = node.login();
      node.route(admin, "demo", "mock", "mock-1");
      String key = node.issueKey(admin, "owner-only", List.of("*"));
      for (int i = 0; i < 3; i++) {
        node.chat(key, "demo", "hello " + i).expectStatus().isOk();
      }
      Map<String, String> modes = modes(dataDir);
      assertThat(modes)
          .containsKeys(
              "llm-proxy.db", "llm-proxy.db-wal", "llm-proxy.db-shm", "key-pepper", "jwt-secret");
      assertThat(modes)
          .allSatisfy((file, mode) -> assertThat(mode).as(file).isEqualTo("rw-------"));
      assertThat(mode(dataDir)).isEqualTo("rwx------");
    }
  }

  /**
   * An installation from before: folder 0755, files 0644, and -wal and -shm files left open by
   * someone else (a crashed node, the sqlite3 shell) with the database's old mode.
   */
  @Test
  void anEarlierInstallationsWorldReadableFilesAreTightenedAtStart(CapturedOutput output)
      throws Exception {
    Path dataDir = tempDir.resolve("data");
    // no configured admin password: its generated hash is one more file in the folder
    Map<String, Object> generatedPassword = Map.of("llmproxy.admin-password", "");
    ProxyNode.start(dataDir, generatedPassword).close();
    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String file : modes(dataDir).keySet()) {
      Files.setPosixFilePermissions(
          dataDir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
    }
    try (Connection leftOpen =
        DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("llm-proxy.db"))) {
      try (Statement statement = leftOpen.createStatement()) {
        statement.execute("PRAGMA wal_autocheckpoint=0");
        statement.execute("CREATE TABLE IF NOT EXISTS left_behind (x INTEGER)");
      }
      Map<String, String> before = modes(dataDir);
      assertThat(before)
          .containsKeys(
              "llm-proxy.db",
              "llm-proxy.db-wal",
              "llm-proxy.db-shm",
              "key-pepper",
              "jwt-secret",
              "admin-password.bcrypt")
          .allSatisfy((file, mode) -> assertThat(mode).as(file).isEqualTo("rw-r--r--"));

      ProxyNode restarted = ProxyNode.start(dataDir, generatedPassword);
      try {
        assertThat(modes(dataDir))
            .containsOnlyKeys(before.keySet())
            .allSatisfy((file, mode) -> assertThat(mode).as(file).isEqualTo("rw-------"));
        assertThat(mode(dataDir)).isEqualTo("rwx------");
      } finally {
        restarted.close();
      }
      // one line per file and one for the folder
      for (String file : before.keySet()) {
        assertThat(output.getOut())
            .containsOnlyOnce(
                dataDir.resolve(file) + " was open to group or others (rw-r--r--); now");
      }
      assertThat(output.getOut())
          .containsOnlyOnce(dataDir + " was open to group or others (rwxr-xr-x); now rwx------");
    }
  }

  /** File name → permissions of every entry in {@code folder}. */
  private static Map<String, String> modes(Path folder) throws IOException {
    Map<String, String> modes = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        modes.put(file.getFileName().toString(), mode(file));
      }
    }
    return modes;
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
