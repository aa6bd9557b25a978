package io.llmproxy.edge.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.keys.VirtualKey;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ApiErrorBodyTest {

  @Test
  void aMessageQuotingAKeyIsAnsweredMasked() {
    VirtualKey key = VirtualKey.generate();
    ApiException error =
        new ApiException(
            HttpStatus.NOT_FOUND,
            "invalid_request_error",
            "model_not_found",
            "model",
            "The model '"
                + key.plaintext()
                + "' does not exist; upstream said: Authorization:"
                + " Bearer sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0");

    ApiErrorBody.Detail detail = ApiErrorBody.of(error).error();

    assertThat(detail.message())
        .isEqualTo(
            "The model 'sk-llmp-"
                + key.keyId()
                + "-****' does not exist; upstream said: Authorization: Bearer sk-ant-****")
        .doesNotContain(key.secret());
    assertThat(detail.type()).isEqualTo("invalid_request_error");
    assertThat(detail.code()).isEqualTo("model_not_found");
    assertThat(detail.param()).isEqualTo("model");
  }

  @Test
  void anOrdinaryMessageIsUnchanged() {
    String message =
        "You didn't provide an API key. Send it as 'Authorization: Bearer sk-llmp-...'.";
    assertThat(ApiErrorBody.of(ApiException.unauthorized(message)).error().message())
        .isEqualTo(message);
  }
}
