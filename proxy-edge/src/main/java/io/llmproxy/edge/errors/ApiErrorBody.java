package io.llmproxy.edge.errors;

/** The error envelope, serialised exactly as OpenAI's clients expect it. */
public record ApiErrorBody(Detail error) {

  public record Detail(String message, String type, String param, String code) {}

  public static ApiErrorBody of(ApiException e) {
    return new ApiErrorBody(new Detail(e.getMessage(), e.type(), e.param(), e.code()));
  }
}
