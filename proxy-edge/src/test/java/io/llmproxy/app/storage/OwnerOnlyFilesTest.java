package io.llmproxy.app.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {

  @TempDir Path dataDir;
  @TempDir Path elsewhere;

  @Test
  void tighteningTakesOnlyGroupAndOthersBitsAndLeavesLinkedFilesAlone() throws IOException {
    Path readOnly = Files.writeString(dataDir.resolve("copied-backup"), "x");
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
    Path shared = Files.writeString(elsewhere.resolve("shared"), "x");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createSymbolicLink(dataDir.resolve("link"), shared);

    OwnerOnlyFiles.tighten(dataDir);

    assertThat(mode(readOnly)).isEqualTo("r--------");
    assertThat(mode(shared)).isEqualTo("rw-r--r--");
  }

  @Test
  void anExistingFileIsNeitherRecreatedNorChanged() throws IOException {
    Path file = Files.writeString(dataDir.resolve("llm-proxy.db"), "data");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(OwnerOnlyFiles.createFile(file)).isFalse();
    assertThat(Files.readString(file)).isEqualTo("data");
    assertThat(mode(file)).isEqualTo("rw-r--r--");
  }

  @Test
  void aMissingFolderIsLeftMissing() {
    OwnerOnlyFiles.tighten(dataDir.resolve("absent"));
    assertThat(dataDir.resolve("absent")).doesNotExist();
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
