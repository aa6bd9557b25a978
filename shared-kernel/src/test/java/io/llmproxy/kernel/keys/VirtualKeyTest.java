package io.llmproxy.kernel.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VirtualKeyTest {

  @Test
  void generatedKeysRoundTripThroughTheirPlaintext() {
    VirtualKey key = VirtualKey.generate();
    assertThat(key.plaintext()).startsWith("sk-llmp-" + key.keyId() + "-");
    assertThat(VirtualKey.parse(key.plaintext())).contains(key);
  }

  @Test
  void generatedKeysAreDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(VirtualKey.generate().plaintext())).isTrue();
    }
  }

  @Test
  void theDisplayPrefixAndToStringNeverRevealTheSecret() {
    VirtualKey key = VirtualKey.generate();
    assertThat(key.displayPrefix()).doesNotContain(key.secret());
    assertThat(key.toString()).doesNotContain(key.secret());
  }

  @Test
  void foreignShapesAreNotKeys() {
    assertThat(VirtualKey.parse(null)).isEmpty();
    assertThat(VirtualKey.parse("sk-proj-abc")).isEmpty();
    assertThat(VirtualKey.parse("sk-llmp-short-secret")).isEmpty();
    assertThat(VirtualKey.parse(VirtualKey.generate().plaintext() + "x")).isEmpty();
  }

  @Test
  void theHashDependsOnThePepper() {
    String plaintext = VirtualKey.generate().plaintext();
    KeyHasher one = new KeyHasher(new byte[32]);
    byte[] otherPepper = new byte[32];
    otherPepper[0] = 1;
    KeyHasher other = new KeyHasher(otherPepper);
    assertThat(one.hash(plaintext)).hasSize(64).isEqualTo(one.hash(plaintext));
    assertThat(one.hash(plaintext)).isNotEqualTo(other.hash(plaintext));
  }

  @Test
  void aShortPepperIsRefused() {
    assertThatThrownBy(() -> new KeyHasher(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
