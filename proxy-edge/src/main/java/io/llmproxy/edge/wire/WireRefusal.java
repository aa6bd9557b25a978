package io.llmproxy.edge.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;

/**
 * A last answer written below HTTP's codec, as bytes, before the connection is closed: the request
 * it answers was never handed on, so nothing after it on the connection may be read either. Its
 * body has both the OpenAI and the Anthropic error members (the surface a malformed request meant
 * is not known for certain).
 */
final class WireRefusal {

  private WireRefusal() {}

  static void badRequest(ChannelHandlerContext ctx, String why) {
    write(ctx, "400 Bad Request", "invalid_request_error", "malformed_request", why);
  }

  static void timeout(ChannelHandlerContext ctx, String why) {
    write(ctx, "408 Request Timeout", "invalid_request_error", "request_timeout", why);
  }

  static void busy(ChannelHandlerContext ctx, String why) {
    write(ctx, "503 Service Unavailable", "server_error", "too_many_connections", why);
  }

  private static void write(
      ChannelHandlerContext ctx, String status, String type, String code, String message) {
    String body =
        "{\"type\":\"error\",\"error\":{\"message\":\""
            + message
            + "\",\"type\":\""
            + type
            + "\",\"param\":null,\"code\":\""
            + code
            + "\"}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + bytes.length
            + "\r\nConnection: close\r\n\r\n";
    ByteBuf out = Unpooled.buffer(head.length() + bytes.length);
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII)).writeBytes(bytes);
    ctx.channel().config().setAutoRead(false);
    ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
  }
}
