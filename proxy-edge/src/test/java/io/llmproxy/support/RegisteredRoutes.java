package io.llmproxy.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.result.condition.MediaTypeExpression;
import org.springframework.web.reactive.result.condition.NameValueExpression;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

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
      return RouterFunctionRoutes.of(kind, routerFunctions.getRouterFunction());
    }
    if (mapping instanceof SimpleUrlHandlerMapping urls) {
      // the patterns it registered, rather than getUrlMap()'s configuration: what it answers
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
}
