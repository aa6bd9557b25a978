package io.llmproxy.edge.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-For} is believed. Any client can send the header, so
 * only a connection from one of these may say whom it carries; everyone else is their TCP peer.
 */
final class TrustedProxies {

  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  // a colon makes InetAddress read it as an IPv6 literal, never as a name
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  private final List<Block> blocks;

  TrustedProxies(List<String> cidrs) {
    this.blocks =
        cidrs.stream().map(String::strip).filter(s -> !s.isEmpty()).map(Block::parse).toList();
  }

  boolean trusts(InetAddress address) {
    return blocks.stream().anyMatch(block -> block.contains(address));
  }

  /**
   * The client a connection from {@code peer} speaks for: the right-most {@code X-Forwarded-For}
   * entry that is not itself a trusted proxy (entries further left were written by the client and
   * prove nothing), or the peer when it is not trusted or the header names no one usable.
   */
  String clientOf(InetAddress peer, String forwardedFor) {
    if (!trusts(peer) || forwardedFor == null || forwardedFor.isBlank()) {
      return peer.getHostAddress();
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      InetAddress hop = literal(hops[i].strip());
      if (hop == null) {
        return peer.getHostAddress();
      }
      if (!trusts(hop)) {
        return hop.getHostAddress();
      }
    }
    return peer.getHostAddress();
  }

  /**
   * An IP literal, or null: a name must never cause a DNS lookup, nor a legacy number form ("1",
   * "0x7f.1") stand for an address.
   */
  static InetAddress literal(String text) {
    if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private record Block(byte[] network, int prefix) {

    static Block parse(String cidr) {
      int slash = cidr.indexOf('/');
      InetAddress address = literal(slash < 0 ? cidr : cidr.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException(
            "llmproxy.http.trusted-proxies: not an IP address or CIDR block: " + cidr);
      }
      int bits = address.getAddress().length * 8;
      int prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("llmproxy.http.trusted-proxies: bad prefix: " + cidr);
      }
      return new Block(address.getAddress(), prefix);
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
