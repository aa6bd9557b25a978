package io.llmproxy.query.reconciliation;

import io.llmproxy.query.paging.QueryParameters;
import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reconciliation of a provider's usage export with the ledger. The export is the request body as
 * downloaded (JSON or CSV, any content type), read whole up to {@code
 * llmproxy.reconciliation.max-export-size}.
 */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class ReconciliationController {

  private final Reconciliations reconciliations;
  private final DataSize maxExportSize;

  ReconciliationController(
      Reconciliations reconciliations,
      @Value("${llmproxy.reconciliation.max-export-size:8MB}") DataSize maxExportSize) {
    this.reconciliations = reconciliations;
    this.maxExportSize = maxExportSize;
  }

  @PostMapping("/admin/reconciliations")
  Mono<ResponseEntity<ReconciliationReport>> reconcile(
      @RequestParam(required = false) String provider,
      @RequestParam(required = false) String format,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(name = "tolerance_tokens", required = false) String toleranceTokens,
      @RequestParam(name = "tolerance_cost", required = false) String toleranceCost,
      ServerHttpRequest request) {
    ReconciliationQuery query =
        ReconciliationQuery.parse(provider, format, from, to, toleranceTokens, toleranceCost);
    long limit = maxExportSize.toBytes();
    if (request.getHeaders().getContentLength() > limit) {
      return Mono.error(tooLarge());
    }
    return DataBufferUtils.join(request.getBody(), (int) Math.min(limit, Integer.MAX_VALUE))
        .onErrorMap(DataBufferLimitException.class, e -> tooLarge())
        .map(ReconciliationController::bytes)
        .filter(bytes -> bytes.length > 0)
        .switchIfEmpty(
            Mono.error(
                QueryParameters.badRequest("the request body must be the provider's usage export")))
        // parsing and the ledger scan are CPU and JDBC work: off the event loop
        .publishOn(Schedulers.boundedElastic())
        .map(bytes -> run(query, bytes))
        .map(
            report ->
                ResponseEntity.ok()
                    .location(URI.create("/admin/reconciliations/" + report.id()))
                    .body(report));
  }

  @GetMapping("/admin/reconciliations/{id}")
  Mono<ReconciliationReport> report(@PathVariable String id) {
    ReconciliationReport report = reconciliations.find(id);
    if (report == null) {
      return Mono.error(
          QueryParameters.notFound(
              "no reconciliation "
                  + id
                  + " on this node (the last few reports are kept in memory)"));
    }
    return Mono.just(report);
  }

  private ReconciliationReport run(ReconciliationQuery query, byte[] export) {
    try {
      return reconciliations.run(query, export);
    } catch (ExportParseException e) {
      throw QueryParameters.badRequest(
          "the export is not valid " + query.format().wireName() + ": " + e.getMessage());
    }
  }

  private static byte[] bytes(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }

  private ResponseStatusException tooLarge() {
    return new ResponseStatusException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "the export is larger than llmproxy.reconciliation.max-export-size ("
            + maxExportSize.toBytes()
            + " bytes); export a shorter period or wider buckets");
  }
}
