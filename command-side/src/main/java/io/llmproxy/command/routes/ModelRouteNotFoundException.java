package io.llmproxy.command.routes;

public class ModelRouteNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ModelRouteNotFoundException(String alias) {
    super("no model route for alias '" + alias + "'");
  }
}
