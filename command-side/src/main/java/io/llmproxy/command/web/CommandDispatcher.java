package io.llmproxy.command.web;

import io.llmproxy.command.routes.ModelRouteNotFoundException;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends commands off the event loop: Axon's local command bus runs the handler, and its database
 * transaction, on the calling thread.
 */
@Component
public class CommandDispatcher {

  private final CommandGateway commandGateway;

  public CommandDispatcher(CommandGateway commandGateway) {
    this.commandGateway = commandGateway;
  }

  public <R> Mono<R> send(Object command) {
    return Mono.defer(() -> Mono.fromFuture(commandGateway.<R>send(command)))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(CommandDispatcher::toHttpError);
  }

  private static Throwable toHttpError(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof IllegalArgumentException) {
      return new ResponseStatusException(HttpStatus.BAD_REQUEST, cause.getMessage(), cause);
    }
    if (cause instanceof IllegalStateException) {
      // the command contradicts what the aggregate already is, e.g. resuming a revoked key
      return new ResponseStatusException(HttpStatus.CONFLICT, cause.getMessage(), cause);
    }
    if (cause instanceof AggregateNotFoundException
        || cause instanceof ModelRouteNotFoundException) {
      return new ResponseStatusException(HttpStatus.NOT_FOUND, notFoundMessage(cause), cause);
    }
    return cause;
  }

  private static String notFoundMessage(Throwable cause) {
    return cause instanceof AggregateNotFoundException notFound
        ? "no such resource: " + notFound.getAggregateIdentifier()
        : cause.getMessage();
  }
}
