package io.llmproxy.edge.wire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Sits right after HTTP's decoder and lets a request through only when its framing is unambiguous
 * ({@link FramingRules}); otherwise it answers 400 and closes the connection, so nothing sent after
 * the refused head (a request hidden in its body) is ever read. Heads the decoder itself could not
 * parse are answered the same way, except those too long, which Reactor Netty answers 413 or 431.
 */
final class StrictFraming extends ChannelInboundHandlerAdapter {

  private final HeadWatch watch;
  private boolean refused;

  StrictFraming(HeadWatch watch) {
    this.watch = watch;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      String problem = problem(request);
      if (problem != null) {
        refused = true;
        watch.refuse();
        ReferenceCountUtil.release(msg);
        WireRefusal.badRequest(ctx.pipeline().context(watch), problem);
        return;
      }
      if (request.decoderResult().isSuccess()) {
        watch.headAccepted(
            FramingRules.chunked(request)
                ? HeadWatch.Body.CHUNKED
                : FramingRules.length(request) > 0 ? HeadWatch.Body.LENGTH : HeadWatch.Body.NONE,
            FramingRules.length(request));
      }
    } else if (msg instanceof LastHttpContent) {
      watch.bodyEnded();
    }
    ctx.fireChannelRead(msg);
  }

  private String problem(HttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      return result.cause() instanceof TooLongFrameException
          ? null
          : "the request head is malformed";
    }
    if (!watch.claimVettedHead()) {
      return "a request pipelined behind a chunked body is not accepted; send it after the answer";
    }
    return FramingRules.problem(request);
  }
}
