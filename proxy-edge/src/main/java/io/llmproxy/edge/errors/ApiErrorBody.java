package io.llmproxy.edge.errors;

import io.llmproxy.kernel.logging.SecretMasking;

/** The error envelope, serialised exactly as OpenAI's clients expect it. */
public record ApiErrorBody(Detail error) {

  public record Detail(String message, String type, String param, String code) {}

  /**
   * Messages may quote client input (an unknown model name) or an upstream's own text; every error
   * answer, whole or as a stream's last event, is built here, so no answer can echo a credential.
   */
  public static ApiErrorBody of(ApiException e) {
    return new ApiErrorBody(
        new Detail(SecretMasking.mask(e.getMessage()), e.type(), e.param(), e.code()));
  }
}
