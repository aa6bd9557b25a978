package io.llmproxy.edge.wire;

import io.netty.channel.ChannelPipeline;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Puts the wire guards into every HTTP/1.1 connection's pipeline: {@link HeadWatch} before the
 * decoder, {@link StrictFraming} and {@link ConnectionCap} after it, so each request is judged
 * before WebFlux sees it. The keep-alive wait is Reactor Netty's own timeout; like the head and
 * body clocks it never runs while an answer is written.
 */
@Component
public class WirePipeline implements NettyServerCustomizer {

  private final WireSettings settings;
  private final TrustedProxies trusted;
  private final ConnectionCounts counts;

  WirePipeline(WireSettings settings) {
    this.settings = settings;
    this.trusted = new TrustedProxies(settings.trustedProxies());
    this.counts =
        new ConnectionCounts(settings.maxConnections(), settings.maxConnectionsPerClient());
  }

  @Override
  public HttpServer apply(HttpServer server) {
    return server
        .idleTimeout(settings.keepAliveTimeout())
        .doOnChannelInit(
            (observer, channel, remote) -> {
              ChannelPipeline pipeline = channel.pipeline();
              if (pipeline.get(NettyPipeline.HttpCodec) == null) {
                return;
              }
              HeadWatch watch = new HeadWatch(settings.headTimeout(), settings.bodyIdleTimeout());
              pipeline.addBefore(NettyPipeline.HttpCodec, "llmproxy.headWatch", watch);
              pipeline.addAfter(
                  NettyPipeline.HttpCodec, "llmproxy.strictFraming", new StrictFraming(watch));
              pipeline.addAfter(
                  "llmproxy.strictFraming",
                  "llmproxy.connectionCap",
                  new ConnectionCap(counts, trusted, watch));
            });
  }
}
