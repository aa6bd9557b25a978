package io.llmproxy.edge.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Holds each connection to the node's caps: a connection over the cap of all connections, or over
 * its client's, is closed before a byte is read. A trusted proxy's connection counts for the client
 * its first request names in {@code X-Forwarded-For}, and over that client's cap is answered 503.
 */
final class ConnectionCap extends ChannelInboundHandlerAdapter {

  private final ConnectionCounts counts;
  private final TrustedProxies trusted;
  private final HeadWatch watch;
  private boolean counted;
  private InetAddress peer;
  private String client;
  private boolean refused;

  ConnectionCap(ConnectionCounts counts, TrustedProxies trusted, HeadWatch watch) {
    this.counts = counts;
    this.trusted = trusted;
    this.watch = watch;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    counted = counts.openOne();
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
      peer = remote.getAddress();
    }
    super.channelActive(ctx);
    if (!counted) {
      ctx.close();
    } else if (peer != null && !trusted.trusts(peer)) {
      admit(ctx, peer.getHostAddress());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (client == null && peer != null && msg instanceof HttpRequest request) {
      if (!admit(ctx, trusted.clientOf(peer, request.headers().get("X-Forwarded-For")))) {
        ReferenceCountUtil.release(msg);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  private boolean admit(ChannelHandlerContext ctx, String candidate) {
    if (counts.admit(candidate)) {
      client = candidate;
      return true;
    }
    refused = true;
    watch.refuse();
    if (trusted.trusts(peer)) {
      WireRefusal.busy(ctx.pipeline().context(watch), "too many connections from this client");
    } else {
      ctx.close();
    }
    return false;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (counted) {
      counts.closeOne();
    }
    if (client != null) {
      counts.release(client);
    }
    super.channelInactive(ctx);
  }
}
