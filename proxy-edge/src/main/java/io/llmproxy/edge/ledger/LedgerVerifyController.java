package io.llmproxy.edge.ledger;

import io.llmproxy.edge.errors.ApiException;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/audit/verify}: checks every usage ledger chain now. Access is guarded with the
 * rest of {@code /api/**} (viewer or admin).
 */
@RestController
@PreAuthorize("hasRole('VIEWER')")
class LedgerVerifyController implements DisposableBean {

  // one walk at a time: each reads the whole ledger, and several at once would take every reader
  // connection from the reports; a few more wait their turn, beyond that callers are told to retry
  private static final int WAITING_WALKS = 4;

  private final LedgerVerifier verifier;
  private final Scheduler walks =
      Schedulers.newBoundedElastic(1, WAITING_WALKS, "ledger-verify", 60, true);

  LedgerVerifyController(LedgerVerifier verifier) {
    this.verifier = verifier;
  }

  @GetMapping("/api/audit/verify")
  Mono<VerificationReport> verify() {
    return Mono.fromCallable(verifier::verify)
        .subscribeOn(walks)
        .onErrorMap(RejectedExecutionException.class, e -> busy());
  }

  @Override
  public void destroy() {
    walks.dispose();
  }

  private static ApiException busy() {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "api_error",
        "verification_busy",
        null,
        "Ledger verifications are already running; retry when they have finished.");
  }
}
