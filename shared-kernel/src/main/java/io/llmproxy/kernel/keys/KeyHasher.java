package io.llmproxy.kernel.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash of a presented virtual key. A pepper that lives outside the database means a stolen
 * database file alone cannot be used to test guesses offline.
 */
public final class KeyHasher {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MIN_PEPPER_BYTES = 32;

  private final SecretKeySpec pepper;

  public KeyHasher(byte[] pepper) {
    if (pepper == null || pepper.length < MIN_PEPPER_BYTES) {
      throw new IllegalArgumentException("key pepper must be at least 256 bits");
    }
    this.pepper = new SecretKeySpec(pepper.clone(), ALGORITHM);
  }

  public String hash(String presentedKey) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(pepper);
      return HexFormat.of().formatHex(mac.doFinal(presentedKey.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
    }
  }
}
