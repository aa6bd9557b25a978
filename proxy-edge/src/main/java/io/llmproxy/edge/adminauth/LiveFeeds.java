package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.errors.ApiException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * The open live feeds: responses of endpoints declared to produce {@code text/event-stream}, which
 * stay open until the client leaves. Each holds a connection and a subscription for as long, so
 * there is a cap per administrator and one for the node.
 */
@Component
class LiveFeeds {

  // absent when the jar runs a command-line tool without a web server
  private final ObjectProvider<RequestMappingHandlerMapping> mappings;
  private final int maxPerUser;
  private final int maxTotal;
  private final Map<String, Integer> openByUser = new HashMap<>();
  private int openTotal;
  private volatile List<RequestMappingInfo> feedEndpoints;

  LiveFeeds(
      @Qualifier("requestMappingHandlerMapping")
          ObjectProvider<RequestMappingHandlerMapping> mappings,
      @Value("${llmproxy.admin.max-feeds-per-user:5}") int maxPerUser,
      @Value("${llmproxy.admin.max-feeds:200}") int maxTotal) {
    this.mappings = mappings;
    this.maxPerUser = maxPerUser;
    this.maxTotal = maxTotal;
  }

  boolean isFeed(ServerWebExchange exchange) {
    for (RequestMappingInfo endpoint : feedEndpoints()) {
      if (endpoint.getMatchingCondition(exchange) != null) {
        return true;
      }
    }
    return false;
  }

  /** Takes a slot for one more feed of {@code username}, or refuses with 429. */
  synchronized void open(String username) {
    int ofUser = openByUser.getOrDefault(username, 0);
    if (ofUser >= maxPerUser) {
      throw tooMany(
          "you already have " + maxPerUser + " live feeds open; close one to open another");
    }
    if (openTotal >= maxTotal) {
      throw tooMany("the proxy already serves " + maxTotal + " live feeds; retry later");
    }
    openByUser.put(username, ofUser + 1);
    openTotal++;
  }

  synchronized void close(String username) {
    openByUser.computeIfPresent(username, (name, open) -> open > 1 ? open - 1 : null);
    openTotal--;
  }

  /** Read once the handler methods are all registered, which is before the first request. */
  private List<RequestMappingInfo> feedEndpoints() {
    List<RequestMappingInfo> endpoints = feedEndpoints;
    if (endpoints == null) {
      endpoints =
          mappings.stream()
              .flatMap(mapping -> mapping.getHandlerMethods().keySet().stream())
              .filter(
                  info ->
                      info.getProducesCondition().getProducibleMediaTypes().stream()
                          .anyMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype))
              .toList();
      feedEndpoints = endpoints;
    }
    return endpoints;
  }

  private static ApiException tooMany(String message) {
    return new ApiException(
        HttpStatus.TOO_MANY_REQUESTS, "rate_limit_error", "too_many_feeds", null, message);
  }
}
