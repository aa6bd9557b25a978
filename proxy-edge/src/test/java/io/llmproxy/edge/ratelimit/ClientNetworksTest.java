package io.llmproxy.edge.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientNetworksTest {

  @Test
  void anIpv4AddressIsItsOwnNetwork() {
    assertThat(ClientNetworks.of("203.0.113.7")).isEqualTo("203.0.113.7");
    assertThat(ClientNetworks.of("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void everyAddressOfAnIpv6Slash64IsOneNetworkWhateverItsSpelling() {
    String network = "2001:db8:0:42::/64";
    assertThat(ClientNetworks.of("2001:db8:0:42:0:0:0:1")).isEqualTo(network);
    assertThat(ClientNetworks.of("2001:db8::42:ffff:ffff:ffff:ffff")).isEqualTo(network);
    assertThat(ClientNetworks.of("[2001:DB8:0:42::9]")).isEqualTo(network);
    assertThat(ClientNetworks.of("2001:db8:0:42::1%eth0")).isEqualTo(network);
    assertThat(ClientNetworks.of("2001:db8:0:43::1")).isEqualTo("2001:db8:0:43::/64");
  }

  @Test
  void whatIsNoAddressIsKeptAsItIsAndNeverLookedUp() {
    assertThat(ClientNetworks.of("unknown")).isEqualTo("unknown");
    assertThat(ClientNetworks.of("proxy.example:8080")).isEqualTo("proxy.example:8080");
    assertThat(ClientNetworks.of("1:2:3")).isEqualTo("1:2:3");
  }
}
