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
  // a MAC per thread, initialised once: looking the algorithm up and keying it for every
  // presented key cost more than the hash itself
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  public KeyHasher(byte[] pepper) {
    if (pepper == null || pepper.length < MIN_PEPPER_BYTES) {
      throw new IllegalArgumentException("key pepper must be at least 256 bits");
    }
    this.pepper = new SecretKeySpec(pepper.clone(), ALGORITHM);
  }

  public String hash(String presentedKey) {
    // doFinal leaves the MAC reset and keyed for the next use
    return HexFormat.of()
        .formatHex(macs.get().doFinal(presentedKey.getBytes(StandardCharsets.UTF_8)));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(pepper);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
    }
  }
}
