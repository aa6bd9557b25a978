package io.llmproxy.edge.providers;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which upstream model (or deployment) names each provider kind accepts. Checked when a route is
 * saved, and again before each call for routes saved before the check existed: a name is built into
 * an upstream URL (Azure deployments, Gemini models) or sent as the provider's model, and a name
 * that could add a path segment, a query, a fragment or a URI template variable must never get that
 * far.
 */
public final class UpstreamModelNames {

  static final int MAX_LENGTH = 256;

  private static final Pattern AZURE_DEPLOYMENT =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final Pattern GEMINI_MODEL =
      Pattern.compile("((models|tunedModels)/)?[A-Za-z0-9][A-Za-z0-9._-]*");

  private static final Pattern ANTHROPIC_MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]*");

  // hub-style names (meta-llama/Llama-3-8B, @cf/meta/llama-3-8b, accounts/x/models/y) have
  // slashes; no segment may be empty or start with a dot, so none is "." or ".."
  private static final Pattern OPENAI_MODEL =
      Pattern.compile("[A-Za-z0-9@][A-Za-z0-9._:@+-]*(/[A-Za-z0-9@][A-Za-z0-9._:@+-]*)*");

  private UpstreamModelNames() {}

  /** Why {@code kind} cannot use {@code name}, or empty when it can. */
  public static Optional<String> problem(ProviderKind kind, String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    boolean valid =
        switch (kind) {
          case AZURE_OPENAI -> AZURE_DEPLOYMENT.matcher(name).matches();
          case GEMINI -> GEMINI_MODEL.matcher(name).matches();
          case ANTHROPIC -> ANTHROPIC_MODEL.matcher(name).matches();
          case OPENAI_COMPATIBLE, MOCK -> OPENAI_MODEL.matcher(name).matches();
        };
    return valid ? Optional.empty() : Optional.of(rule(kind));
  }

  /** The allowed form, in words, for an administrator's error message. */
  static String rule(ProviderKind kind) {
    return switch (kind) {
      case AZURE_OPENAI ->
          "an Azure deployment name is 1 to 64 letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit";
      case GEMINI ->
          "a Gemini model is a model id of letters, digits, '.', '_' or '-' starting with a letter"
              + " or digit, optionally prefixed by 'models/' or 'tunedModels/'";
      case ANTHROPIC ->
          "an Anthropic model is letters, digits, '.', '_', '-', ':' or '@', starting with a"
              + " letter or digit";
      case OPENAI_COMPATIBLE, MOCK ->
          "a model name is letters, digits, '.', '_', '-', ':', '@' or '+', in segments separated"
              + " by single '/', each starting with a letter, a digit or '@'";
    };
  }

  /**
   * The failure of a call whose stored route names a model its provider kind cannot use: a 400 in
   * the API's shape that no retry or fallback to the same deployment would change.
   */
  public static UpstreamException refusal(String provider, String problem) {
    String message =
        "The route's model name for provider '"
            + provider
            + "' is not usable ("
            + problem
            + "); an administrator must correct the route.";
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", message);
    error.put("type", "invalid_request_error");
    error.put("param", "model");
    error.put("code", "invalid_route_model");
    return new UpstreamException(400, body, message);
  }
}
