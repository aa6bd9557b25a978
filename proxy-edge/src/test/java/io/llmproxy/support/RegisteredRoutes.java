package io.llmproxy.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.result.condition.MediaTypeExpression;
import org.springframework.web.reactive.result.condition.NameValueExpression;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * Every route a running application answers, read from all of its {@link HandlerMapping} beans
 * rather than written down by hand: a new controller, actuator endpoint, router function or static
 * resource location shows up here on its own. A kind of handler mapping this class cannot read
 * fails loudly, since its routes would otherwise be missed silently.
 */
public final class RegisteredRoutes {

  private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(?::[^}]*)?}");

  /** Spring's placeholder when nothing at all is mapped (no resource locations, for example). */
  private static final String EMPTY_MAPPING = "WebFluxConfigurationSupport$EmptyHandlerMapping";

  private RegisteredRoutes() {}

  /**
   * One way in: a path pattern and the methods it answers (empty: any method), the query parameters
   * its mapping requires, the media types it produces, the mapping's kind, and the controller
   * method behind it when there is one.
   */
  public record Route(
      String pattern,
      Set<HttpMethod> methods,
      Map<String, String> params,
      List<MediaType> produces,
      String mapping,
      HandlerMethod handler) {

    /** The names of the pattern's variables, {@code {keyId}} and {@code {*path}} alike. */
    public List<String> variables() {
      List<String> names = new ArrayList<>();
      Matcher matcher = VARIABLE.matcher(pattern);
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
      return names;
    }

    /** The pattern with its variables replaced; a variable without a value is an error. */
    public String fill(Map<String, String> values) {
      Matcher matcher = VARIABLE.matcher(pattern);
      StringBuilder path = new StringBuilder();
      while (matcher.find()) {
        String value = values.get(matcher.group(1));
        if (value == null) {
          throw new IllegalStateException(
              "no value for path variable '" + matcher.group(1) + "' of " + pattern);
        }
        matcher.appendReplacement(path, Matcher.quoteReplacement(value));
      }
      matcher.appendTail(path);
      return path.toString();
    }

    @Override
    public String toString() {
      return (methods.isEmpty() ? "ANY" : methods) + " " + pattern + " (" + mapping + ")";
    }
  }

  public static List<Route> of(ApplicationContext context) {
    List<Route> routes = new ArrayList<>();
    context
        .getBeansOfType(HandlerMapping.class)
        .forEach((name, mapping) -> routes.addAll(of(name, mapping)));
    routes.sort(Comparator.comparing(Route::pattern).thenComparing(r -> r.methods().toString()));
    return routes;
  }

  private static List<Route> of(String beanName, HandlerMapping mapping) {
    String kind = mapping.getClass().getSimpleName();
    if (mapping instanceof RequestMappingInfoHandlerMapping requestMappings) {
      return requestMappings(kind, requestMappings);
    }
    if (mapping instanceof RouterFunctionMapping routerFunctions) {
      return routerFunctions(kind, routerFunctions.getRouterFunction());
    }
    if (mapping instanceof SimpleUrlHandlerMapping urls) {
      return urls.getHandlerMap().keySet().stream()
          .map(
              pattern ->
                  new Route(
                      pattern.getPatternString(),
                      Set.of(HttpMethod.GET, HttpMethod.HEAD),
                      Map.of(),
                      List.of(),
                      kind,
                      null))
          .toList();
    }
    if (mapping.getClass().getName().endsWith(EMPTY_MAPPING)) {
      return List.of();
    }
    throw new IllegalStateException(
        "unknown HandlerMapping type "
            + mapping.getClass().getName()
            + " (bean '"
            + beanName
            + "'): teach the matrix");
  }

  private static List<Route> requestMappings(
      String kind, RequestMappingInfoHandlerMapping mapping) {
    List<Route> routes = new ArrayList<>();
    mapping
        .getHandlerMethods()
        .forEach(
            (info, handler) -> {
              for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                routes.add(
                    new Route(
                        pattern.getPatternString(),
                        methods(info),
                        params(info),
                        produces(info),
                        kind,
                        handler));
              }
            });
    return routes;
  }

  private static List<MediaType> produces(RequestMappingInfo info) {
    return info.getProducesCondition().getExpressions().stream()
        .filter(expression -> !expression.isNegated())
        .map(MediaTypeExpression::getMediaType)
        .toList();
  }

  private static Set<HttpMethod> methods(RequestMappingInfo info) {
    Set<HttpMethod> methods = new LinkedHashSet<>();
    info.getMethodsCondition().getMethods().forEach(m -> methods.add(HttpMethod.valueOf(m.name())));
    return methods;
  }

  /**
   * Values that satisfy the mapping's parameter conditions ({@code format=csv}, {@code format}).
   */
  private static Map<String, String> params(RequestMappingInfo info) {
    Map<String, String> params = new LinkedHashMap<>();
    for (NameValueExpression<String> expression : info.getParamsCondition().getExpressions()) {
      if (!expression.isNegated()) {
        params.put(
            expression.getName(), expression.getValue() == null ? "x" : expression.getValue());
      } else if (expression.getValue() != null) {
        params.putIfAbsent(expression.getName(), "not-" + expression.getValue());
      }
    }
    return params;
  }

  private static List<Route> routerFunctions(String kind, RouterFunction<?> function) {
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
