package io.llmproxy.support;

import io.llmproxy.support.RegisteredRoutes.Route;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * The routes of a functional router (Spring Boot's welcome page is one), read with its visitor.
 * Only predicates made of methods, paths and headers are understood; anything else (an OR, a
 * negation, a query parameter, a resource lookup) fails, since its routes could not be probed.
 */
final class RouterFunctionRoutes {

  private RouterFunctionRoutes() {}

  static List<Route> of(String kind, RouterFunction<?> function) {
    if (function == null) {
      return List.of();
    }
    RouteCollector collector = new RouteCollector(kind);
    function.accept(collector);
    return collector.routes;
  }

  /** Walks a router function; only predicates made of methods, paths and headers are read. */
  private static final class RouteCollector implements RouterFunctions.Visitor {

    private final String kind;
    private final Deque<String> prefixes = new ArrayDeque<>();
    private final List<Route> routes = new ArrayList<>();

    RouteCollector(String kind) {
      this.kind = kind;
    }

    @Override
    public void startNested(RequestPredicate predicate) {
      PredicateReader nested = PredicateReader.read(predicate);
      prefixes.push(prefix() + (nested.path == null ? "" : nested.path));
    }

    @Override
    public void endNested(RequestPredicate predicate) {
      prefixes.pop();
    }

    @Override
    public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
      PredicateReader read = PredicateReader.read(predicate);
      if (read.path == null) {
        throw new IllegalStateException(
            "router function route without a path (" + predicate + "): teach the matrix");
      }
      // one media type is given as itself, several as a list's text: "[text/html, text/plain]"
      List<MediaType> produces =
          read.accept == null
              ? List.of()
              : MediaType.parseMediaTypes(read.accept.replace("[", "").replace("]", ""));
      routes.add(new Route(prefix() + read.path, read.methods, Map.of(), produces, kind, null));
    }

    @Override
    public void resources(Function<ServerRequest, Mono<Resource>> lookup) {
      throw new IllegalStateException("router function resources " + lookup + ": teach the matrix");
    }

    @Override
    public void attributes(Map<String, Object> attributes) {
      // attributes do not change what is routed
    }

    @Override
    public void unknown(RouterFunction<?> function) {
      throw new IllegalStateException("unknown router function " + function + ": teach the matrix");
    }

    private String prefix() {
      return prefixes.isEmpty() ? "" : prefixes.peek();
    }
  }

  /** The methods, path and accepted media types of an AND of simple predicates. */
  private static final class PredicateReader implements RequestPredicates.Visitor {

    private final Set<HttpMethod> methods = new LinkedHashSet<>();
    private String path;
    private String accept;

    static PredicateReader read(RequestPredicate predicate) {
      PredicateReader reader = new PredicateReader();
      predicate.accept(reader);
      return reader;
    }

    @Override
    public void method(Set<HttpMethod> accepted) {
      methods.addAll(accepted);
    }

    @Override
    public void path(String pattern) {
      path = pattern;
    }

    @Override
    public void header(String name, String value) {
      if (name.equalsIgnoreCase("Accept")) {
        accept = value;
      }
    }

    @Override
    public void startAnd() {}

    @Override
    public void and() {}

    @Override
    public void endAnd() {}

    @Override
    public void pathExtension(String extension) {
      fail("path extension " + extension);
    }

    @Override
    public void queryParam(String name, String value) {
      fail("query parameter " + name);
    }

    @Override
    public void startOr() {
      fail("OR predicate");
    }

    @Override
    public void or() {}

    @Override
    public void endOr() {}

    @Override
    public void startNegate() {
      fail("negated predicate");
    }

    @Override
    public void endNegate() {}

    @Override
    public void unknown(RequestPredicate predicate) {
      fail("predicate " + predicate);
    }

    private static void fail(String what) {
      throw new IllegalStateException("router function " + what + ": teach the matrix");
    }
  }
}
