package io.llmproxy.edge.ratelimit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The unit a per-address limit counts in: an IPv4 address, or the /64 network of an IPv6 address,
 * since whoever has one IPv6 address usually has the whole /64 to pick new ones from.
 */
public final class ClientNetworks {

  private static final int IPV6_PREFIX_BYTES = 8;

  private ClientNetworks() {}

  /** {@code address} as written by {@link InetAddress#getHostAddress()}; anything else as is. */
  public static String of(String address) {
    String literal = withoutBracketsAndZone(address);
    if (literal.indexOf(':') < 0 || !isIpv6Text(literal)) {
      return address;
    }
    InetAddress parsed;
    try {
      // text of hex digits, ':' and '.' only is parsed as a literal, never looked up in DNS
      parsed = InetAddress.getByName(literal);
    } catch (UnknownHostException notAnAddress) {
      return address;
    }
    if (!(parsed instanceof Inet6Address)) {
      return parsed.getHostAddress(); // an IPv4-mapped address
    }
    byte[] bytes = parsed.getAddress();
    StringBuilder network = new StringBuilder();
    for (int i = 0; i < IPV6_PREFIX_BYTES; i += 2) {
      network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
      network.append(':');
    }
    return network.append(":/64").toString();
  }

  private static String withoutBracketsAndZone(String address) {
    String literal = address;
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    int zone = literal.indexOf('%');
    return zone < 0 ? literal : literal.substring(0, zone);
  }

  private static boolean isIpv6Text(String text) {
    return !text.isEmpty()
        && text.chars()
            .allMatch(
                c ->
                    c == ':'
                        || c == '.'
                        || (c >= '0' && c <= '9')
                        || (c >= 'a' && c <= 'f')
                        || (c >= 'A' && c <= 'F'));
  }
}
