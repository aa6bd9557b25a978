package io.llmproxy.app.security;

import io.llmproxy.app.storage.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Server secrets: taken from configuration when given, otherwise generated once into the data
 * folder, readable by the owner only, so restarts keep issued keys and tokens valid.
 */
final class SecretMaterial {

  private static final int SECRET_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretMaterial() {}

  static byte[] configuredOrGenerated(String configured, Path file, String what) {
    if (configured != null && !configured.isBlank()) {
      return decode(configured.strip(), what);
    }
    try {
      if (!Files.exists(file)) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        writeOwnerOnly(file, Base64.getEncoder().encodeToString(secret));
      }
      return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), what);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + what + " in " + file, e);
    }
  }

  static void writeOwnerOnly(Path file, String content) throws IOException {
    if (OwnerOnlyFiles.createFile(file)) {
      Files.writeString(file, content, StandardCharsets.US_ASCII);
    }
  }

  private static byte[] decode(String base64, String what) {
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(what + " must be base64", e);
    }
    if (secret.length < SECRET_BYTES) {
      throw new IllegalStateException(what + " must be at least 256 bits (32 bytes, base64)");
    }
    return secret;
  }
}
