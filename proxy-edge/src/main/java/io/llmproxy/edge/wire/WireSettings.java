package io.llmproxy.edge.wire;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a client may take to send a request, and how many connections it may hold, under {@code
 * llmproxy.http.*}. None of the clocks runs while an answer is being written, so a long streamed
 * answer is never cut by them.
 *
 * @param headTimeout time from a connection's opening, or from the first byte of a later request on
 *     a kept-alive one, until the whole request head has arrived
 * @param bodyIdleTimeout longest pause between two reads of a request body
 * @param keepAliveTimeout how long a kept-alive connection may wait for its next request
 * @param maxConnections open client connections on the node in all
 * @param maxConnectionsPerClient open connections one client address may hold
 * @param trustedProxies addresses or CIDR blocks of reverse proxies whose {@code X-Forwarded-For}
 *     names the client a connection counts for; from anyone else the header is ignored
 */
@ConfigurationProperties(prefix = "llmproxy.http")
public record WireSettings(
    @DefaultValue("10s") Duration headTimeout,
    @DefaultValue("30s") Duration bodyIdleTimeout,
    @DefaultValue("60s") Duration keepAliveTimeout,
    @DefaultValue("10000") int maxConnections,
    @DefaultValue("1000") int maxConnectionsPerClient,
    @DefaultValue List<String> trustedProxies) {}
