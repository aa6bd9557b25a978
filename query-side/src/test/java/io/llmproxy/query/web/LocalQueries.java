package io.llmproxy.query.web;

import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;

/**
 * A {@link QueryDispatcher} over an in-process Axon query bus on which the given handler objects
 * are subscribed, as the application subscribes its {@code @QueryHandler} beans.
 */
public final class LocalQueries {

  private LocalQueries() {}

  public static QueryDispatcher of(Object... handlers) {
    SimpleQueryBus bus = SimpleQueryBus.builder().build();
    for (Object handler : handlers) {
      new AnnotationQueryHandlerAdapter<>(handler).subscribe(bus);
    }
    return new QueryDispatcher(DefaultQueryGateway.builder().queryBus(bus).build());
  }
}
