package io.llmproxy.edge.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

  private final TrustedProxies proxies =
      new TrustedProxies(List.of("10.0.0.0/8", " 192.0.2.1 ", "fd00::/8"));

  @Test
  void addressesAndBlocksAreTrustedAndNothingElse() throws Exception {
    assertThat(proxies.trusts(InetAddress.getByName("10.200.3.4"))).isTrue();
    assertThat(proxies.trusts(InetAddress.getByName("11.0.0.1"))).isFalse();
    assertThat(proxies.trusts(InetAddress.getByName("192.0.2.1"))).isTrue();
    assertThat(proxies.trusts(InetAddress.getByName("192.0.2.2"))).isFalse();
    assertThat(proxies.trusts(InetAddress.getByName("fd12::1"))).isTrue();
    assertThat(proxies.trusts(InetAddress.getByName("fe80::1"))).isFalse();
  }

  @Test
  void theClientIsTheRightMostForwardedAddressThatIsNoTrustedProxy() throws Exception {
    InetAddress proxy = InetAddress.getByName("10.0.0.5");
    assertThat(proxies.clientOf(proxy, "203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(proxies.clientOf(proxy, "198.51.100.1, 203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(proxies.clientOf(proxy, "203.0.113.7, 10.1.1.1")).isEqualTo("203.0.113.7");
    assertThat(proxies.clientOf(proxy, "2001:db8::1")).isEqualTo("2001:db8:0:0:0:0:0:1");
    // nothing usable: the proxy itself is the client
    assertThat(proxies.clientOf(proxy, null)).isEqualTo("10.0.0.5");
    assertThat(proxies.clientOf(proxy, "")).isEqualTo("10.0.0.5");
    assertThat(proxies.clientOf(proxy, "unknown")).isEqualTo("10.0.0.5");
    assertThat(proxies.clientOf(proxy, "localhost")).isEqualTo("10.0.0.5");
    assertThat(proxies.clientOf(proxy, "1")).isEqualTo("10.0.0.5");
    assertThat(proxies.clientOf(proxy, "deadbeef")).isEqualTo("10.0.0.5");
  }

  @Test
  void fromAnyoneElseTheHeaderIsIgnored() throws Exception {
    assertThat(proxies.clientOf(InetAddress.getByName("203.0.113.9"), "198.51.100.1"))
        .isEqualTo("203.0.113.9");
  }

  @Test
  void aBlockThatIsNoAddressIsRefusedAtStart() {
    assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.example")))
        .hasMessageContaining("proxy.example");
    assertThatThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/33")))
        .hasMessageContaining("10.0.0.0/33");
  }
}
