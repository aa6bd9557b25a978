package io.llmproxy.command.web;

import io.llmproxy.command.routes.ModelRouteNotFoundException;
import io.llmproxy.kernel.audit.Actor;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/**
 * Sends commands off the event loop: Axon's local command bus runs the handler, and its database
 * transaction, on the calling thread. Each command carries the acting administrator as metadata,
 * which Axon copies onto the events it causes.
 */
@Component
public class CommandDispatcher {

  private final CommandGateway commandGateway;

  public CommandDispatcher(CommandGateway commandGateway) {
    this.commandGateway = commandGateway;
  }

  public <R> Mono<R> send(Object command) {
    return Mono.deferContextual(
            context -> Mono.fromFuture(commandGateway.<R>send(withActor(command, context))))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(CommandDispatcher::toHttpError);
  }

  /** The administrator the current admin request acts for. */
  public Mono<Actor> actor() {
    return Mono.deferContextual(
        context ->
            context
                .<Actor>getOrEmpty(Actor.CONTEXT_KEY)
                .map(Mono::just)
                .orElseGet(
                    () ->
                        Mono.error(
                            new ResponseStatusException(
                                HttpStatus.UNAUTHORIZED, "no authenticated administrator"))));
  }

  private static CommandMessage<?> withActor(Object command, ContextView context) {
    Map<String, String> metaData =
        context.<Actor>getOrEmpty(Actor.CONTEXT_KEY).map(Actor::metaData).orElse(Map.of());
    return GenericCommandMessage.asCommandMessage(command).andMetaData(metaData);
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
    if (cause instanceof AggregateStreamCreationException) {
      // a creation command whose aggregate id is taken: the store's unique sequence refused it
      return new ResponseStatusException(HttpStatus.CONFLICT, "it already exists", cause);
    }
    if (cause instanceof ConcurrencyException) {
      return new ResponseStatusException(
          HttpStatus.CONFLICT, "it was changed at the same time by another request; retry", cause);
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
