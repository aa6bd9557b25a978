package io.llmproxy.kernel.keys;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The key format {@code sk-llmp-<id>-<secret>}: a recognisable prefix for secret scanners, a public
 * id that names the key in logs and reports, and a 192-bit secret.
 */
public record VirtualKey(String keyId, String secret) {

  public static final String PREFIX = "sk-llmp-";
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
  private static final int ID_LENGTH = 12;
  private static final int SECRET_LENGTH = 32;
  private static final Pattern SHAPE =
      Pattern.compile("sk-llmp-([a-z0-9]{" + ID_LENGTH + "})-([A-Za-z0-9]{" + SECRET_LENGTH + "})");

  public static VirtualKey generate() {
    return new VirtualKey(
        RandomText.of(ID_ALPHABET, ID_LENGTH), RandomText.of(ALPHABET, SECRET_LENGTH));
  }

  /** The same key id with a fresh secret, as a rotation hands out. */
  public static VirtualKey rotate(String keyId) {
    return new VirtualKey(keyId, RandomText.of(ALPHABET, SECRET_LENGTH));
  }

  /** Parses a presented key; anything not shaped like one of ours is empty. */
  public static Optional<VirtualKey> parse(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    var matcher = SHAPE.matcher(presented);
    return matcher.matches()
        ? Optional.of(new VirtualKey(matcher.group(1), matcher.group(2)))
        : Optional.empty();
  }

  public String plaintext() {
    return PREFIX + keyId + "-" + secret;
  }

  /** What may be shown after issuance: enough to recognise the key, useless to authenticate. */
  public String displayPrefix() {
    return PREFIX + keyId + "-" + secret.substring(0, 4) + "…";
  }

  @Override
  public String toString() {
    return displayPrefix();
  }
}
