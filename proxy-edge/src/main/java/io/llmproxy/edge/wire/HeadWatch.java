package io.llmproxy.edge.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads the bytes of each request head before HTTP's decoder does, for what the decoder hides: a
 * header line that starts with a space or tab (obsolete line folding, which the decoder silently
 * joins to the line before, so a front proxy and this server could read different headers), and how
 * long the head takes to arrive (a client that sends half a head and stops, or trickles it, would
 * otherwise hold its connection for good), and how long a body may pause. Reactor Netty's own read
 * timeout would fail the body inside the application, which answered 500.
 *
 * <p>A head is handed on as soon as its last line is seen, so {@link StrictFraming} has judged it,
 * and said how its body is framed, before the next byte is looked at; body bytes are not scanned.
 */
final class HeadWatch extends ChannelDuplexHandler {

  private static final byte CR = '\r';
  private static final byte LF = '\n';

  enum Body {
    NONE,
    LENGTH,
    CHUNKED
  }

  private enum State {
    /** Between requests: no byte of the next head yet. */
    AWAIT,
    HEAD,
    /** A body of announced length: counted, not scanned. */
    LENGTH,
    /** A chunked body, or a head the decoder refused: handed on until its end is reported. */
    OPAQUE,
    REFUSED
  }

  private final long headTimeoutNanos;
  private final long bodyIdleNanos;
  private State state = State.AWAIT;
  private boolean fresh = true;
  private boolean atLineStart;
  private boolean lineEmpty;
  private int lines;
  private long bodyLeft;
  private boolean vetted;
  private ScheduledFuture<?> clock;
  private ScheduledFuture<?> bodyClock;
  private long lastBodyRead;
  private boolean answering;

  HeadWatch(Duration headTimeout, Duration bodyIdleTimeout) {
    this.headTimeoutNanos = headTimeout.toNanos();
    this.bodyIdleNanos = bodyIdleTimeout.toNanos();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    // a new connection's clock runs from its opening: one that never sends a byte is closed too
    startClock(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    stopClock();
    stopBodyClock();
    super.channelInactive(ctx);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    answering = true;
    ctx.write(msg, promise);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      if (inBody()) {
        lastBodyRead = System.nanoTime();
      }
      scan(ctx, in);
      if (inBody() && bodyClock == null) {
        lastBodyRead = System.nanoTime();
        bodyClock = schedule(ctx, () -> bodyIdle(ctx), bodyIdleNanos);
      } else if (!inBody()) {
        stopBodyClock();
      }
    } finally {
      in.release();
    }
  }

  private void scan(ChannelHandlerContext ctx, ByteBuf in) {
    int from = in.readerIndex();
    int at = from;
    int end = in.writerIndex();
    while (at < end && state != State.REFUSED) {
      switch (state) {
        case AWAIT -> {
          byte b = in.getByte(at);
          if (b == CR || b == LF) {
            // empty lines before a request line are allowed (RFC 9112 section 2.2)
            at++;
          } else {
            beginHead(ctx);
          }
        }
        case HEAD -> {
          byte b = in.getByte(at++);
          if (b == LF && lineEmpty) {
            stopClock();
            vetted = true;
            answering = false;
            // judged by StrictFraming during this call, which sets the state for the body
            state = State.OPAQUE;
            ctx.fireChannelRead(in.retainedSlice(from, at - from));
            from = at;
          } else if (b == LF) {
            atLineStart = true;
            lineEmpty = true;
            lines++;
          } else if (b != CR) {
            if (atLineStart && lines > 0 && (b == ' ' || b == '\t')) {
              refuse();
              WireRefusal.badRequest(ctx, "a header line may not start with a space or tab");
              return;
            }
            atLineStart = false;
            lineEmpty = false;
          }
        }
        case LENGTH -> {
          int n = (int) Math.min(bodyLeft, end - at);
          at += n;
          bodyLeft -= n;
          if (bodyLeft == 0) {
            state = State.AWAIT;
          }
        }
        default -> at = end;
      }
    }
    if (state != State.REFUSED && at > from) {
      ctx.fireChannelRead(in.retainedSlice(from, at - from));
    }
  }

  private void beginHead(ChannelHandlerContext ctx) {
    state = State.HEAD;
    atLineStart = false;
    lineEmpty = false;
    lines = 0;
    if (clock == null) {
      startClock(ctx);
    }
  }

  /** The head just handed on was accepted; its body is framed as {@code body} says. */
  void headAccepted(Body body, long length) {
    fresh = false;
    switch (body) {
      case NONE -> state = State.AWAIT;
      case LENGTH -> {
        bodyLeft = length;
        state = length == 0 ? State.AWAIT : State.LENGTH;
      }
      case CHUNKED -> state = State.OPAQUE;
    }
  }

  /** The decoder saw the end of a body whose length this handler did not count. */
  void bodyEnded() {
    if (state == State.OPAQUE) {
      state = State.AWAIT;
    }
  }

  /**
   * Whether the head just decoded was the one this handler scanned: after a chunked body, bytes of
   * a next request can reach the decoder in the same read, unscanned.
   */
  boolean claimVettedHead() {
    boolean was = vetted;
    vetted = false;
    return was;
  }

  void refuse() {
    state = State.REFUSED;
    stopClock();
    stopBodyClock();
  }

  private boolean inBody() {
    return state == State.LENGTH || state == State.OPAQUE;
  }

  private void startClock(ChannelHandlerContext ctx) {
    clock = schedule(ctx, () -> expired(ctx), headTimeoutNanos);
  }

  private static ScheduledFuture<?> schedule(ChannelHandlerContext ctx, Runnable task, long nanos) {
    return ctx.executor().schedule(task, nanos, TimeUnit.NANOSECONDS);
  }

  /** Reads only note their time; the clock looks again when the quiet time could be over. */
  private void bodyIdle(ChannelHandlerContext ctx) {
    bodyClock = null;
    if (!inBody()) {
      return;
    }
    long quiet = System.nanoTime() - lastBodyRead;
    if (quiet < bodyIdleNanos) {
      bodyClock = schedule(ctx, () -> bodyIdle(ctx), bodyIdleNanos - quiet);
      return;
    }
    boolean answered = answering;
    refuse();
    if (answered) {
      // an answer has begun: it cannot be followed by another, only by the end
      ctx.close();
    } else {
      WireRefusal.timeout(ctx, "the request body stopped arriving");
    }
  }

  private void stopBodyClock() {
    if (bodyClock != null) {
      bodyClock.cancel(false);
      bodyClock = null;
    }
  }

  private void stopClock() {
    if (clock != null) {
      clock.cancel(false);
      clock = null;
    }
  }

  private void expired(ChannelHandlerContext ctx) {
    clock = null;
    if (state == State.HEAD) {
      refuse();
      WireRefusal.timeout(ctx, "the request head did not arrive in time");
    } else if (state == State.AWAIT && fresh) {
      refuse();
      ctx.close();
    }
  }
}
