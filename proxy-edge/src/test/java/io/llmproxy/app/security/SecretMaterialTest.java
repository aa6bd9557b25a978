package io.llmproxy.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EndToEnd
class SecretMaterialTest {

  @TempDir Path dataDir;

  @Test
  void aConfiguredSecretShorterThan256BitsIsRefused() {
    String short31Bytes = Base64.getEncoder().encodeToString(new byte[31]);
    assertThatThrownBy(
            () ->
                SecretMaterial.configuredOrGenerated(
                    short31Bytes, dataDir.resolve("unused"), "JWT secret"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("JWT secret must be at least 256 bits (32 bytes, base64)");
    assertThat(
            SecretMaterial.configuredOrGenerated(
                Base64.getEncoder().encodeToString(new byte[32]),
                dataDir.resolve("unused"),
                "JWT secret"))
        .hasSize(32);
  }

  @Test
  void aGeneratedSecretHas256BitsAndSurvivesARestart() {
    Path file = dataDir.resolve("jwt-secret");
    byte[] first = SecretMaterial.configuredOrGenerated(null, file, "JWT secret");
    assertThat(first).hasSize(32);
    assertThat(SecretMaterial.configuredOrGenerated("", file, "JWT secret")).isEqualTo(first);
  }

  @Test
  void aGeneratedSecretAndTheFolderCreatedForItAreOwnerOnly() throws IOException {
    Path file = dataDir.resolve("new-folder").resolve("key-pepper");
    SecretMaterial.configuredOrGenerated(null, file, "key pepper");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void theProxyDoesNotStartWithAShortJwtSecret() {
    String short16Bytes = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> ProxyNode.start(dataDir, Map.of("llmproxy.jwt-secret", short16Bytes)))
        .rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("JWT secret must be at least 256 bits (32 bytes, base64)");
  }
}
