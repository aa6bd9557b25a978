package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.registry.RegistryReadiness;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Until the registries hold every administrator and session event, and the bootstrap credential is
 * recorded, neither a sign-in nor a token can be judged: a reset or sign-out not loaded yet would
 * let an ended session through. Until then both answer 503.
 */
@Component
class AdminAccessReadiness {

  private final RegistryReadiness registries;
  private final BootstrapCredentialCheck bootstrapCredential;

  AdminAccessReadiness(RegistryReadiness registries, BootstrapCredentialCheck bootstrapCredential) {
    this.registries = registries;
    this.bootstrapCredential = bootstrapCredential;
  }

  boolean isReady() {
    return registries.isReady() && bootstrapCredential.isRecorded();
  }

  static ApiException startingUp() {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "api_error",
        "starting_up",
        null,
        "The proxy is still loading its administrators; retry in a moment.");
  }
}
