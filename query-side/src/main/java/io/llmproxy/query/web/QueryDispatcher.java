package io.llmproxy.query.web;

import io.llmproxy.query.paging.Page;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends the read API's queries through Axon's query gateway, off the event loop: the local query
 * bus runs the handler, and its blocking JDBC reads, on the calling thread. A handler's failure
 * arrives as the handler threw it, so a refusal keeps its status and message.
 */
@Component
public class QueryDispatcher {

  private final QueryGateway gateway;

  public QueryDispatcher(QueryGateway gateway) {
    this.gateway = gateway;
  }

  public <R> Mono<R> one(Object query, Class<R> answer) {
    return send(query, ResponseTypes.instanceOf(answer));
  }

  /** Empty when the handler found nothing. */
  public <R> Mono<R> optional(Object query, Class<R> answer) {
    return send(query, ResponseTypes.optionalInstanceOf(answer)).flatMap(Mono::justOrEmpty);
  }

  public <R> Mono<List<R>> many(Object query, Class<R> item) {
    return send(query, ResponseTypes.multipleInstancesOf(item));
  }

  /** A page of {@code item}s, which is what the handlers of list queries answer. */
  public <T> Mono<Page<T>> page(Object query, Class<T> item) {
    return send(query, new PageResponseType<>(item));
  }

  private <R> Mono<R> send(Object query, ResponseType<R> answer) {
    return Mono.fromFuture(() -> gateway.query(query, answer))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(QueryDispatcher::asThrown);
  }

  private static Throwable asThrown(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException
            || cause instanceof ExecutionException
            || cause instanceof QueryExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
