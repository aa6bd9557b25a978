package io.llmproxy.query.replay;

import io.llmproxy.query.paging.QueryParameters;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Audit replays over HTTP (role admin). Starting one only hands it to the replay thread, and
 * reading one reads memory, so nothing here blocks the event loop.
 */
@RestController
@PreAuthorize("hasRole('ADMIN')")
@RequestMapping(AuditReplayController.PATH)
class AuditReplayController {

  static final String PATH = "/admin/audit/replays";

  private final AuditReplays replays;

  AuditReplayController(AuditReplays replays) {
    this.replays = replays;
  }

  /** 202 with the running replay and its {@code Location}; 409 while another one runs. */
  @PostMapping
  Mono<ResponseEntity<ReplayReport>> start() {
    return Mono.fromSupplier(
        () -> {
          try {
            ReplayReport started = replays.start();
            return ResponseEntity.accepted()
                .location(URI.create(PATH + "/" + started.id()))
                .body(started);
          } catch (AuditReplays.AlreadyRunning e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
          }
        });
  }

  @GetMapping("/{id}")
  Mono<ReplayReport> get(@PathVariable String id) {
    return Mono.justOrEmpty(replays.find(id))
        .switchIfEmpty(
            Mono.error(
                () ->
                    QueryParameters.notFound(
                        "no audit replay " + id + " (results are kept in memory until restart)")));
  }

  /** The kept results, newest first. */
  @GetMapping
  Mono<List<ReplayReport>> recent() {
    return Mono.fromSupplier(replays::recent);
  }
}
