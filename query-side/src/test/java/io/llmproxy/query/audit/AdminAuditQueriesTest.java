package io.llmproxy.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.audit.FetchAdminEvents;
import io.llmproxy.query.paging.Page;
import io.llmproxy.query.readmodel.EpochMicros;
import io.llmproxy.query.support.SqliteReadModels;
import io.llmproxy.query.web.LocalQueries;
import io.llmproxy.query.web.QueryDispatcher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * The admin trail's query handler asked through an Axon query bus, on a real SQLite file: pages
 * come back typed and the cursor of one page fetches the next.
 */
class AdminAuditQueriesTest {

  private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");

  @TempDir Path folder;

  private JdbcTemplate jdbc;
  private QueryDispatcher queries;

  @BeforeEach
  void setUp() {
    DataSource database = SqliteReadModels.database(folder, "V2_3__admin_audit_trail.sql");
    jdbc = new JdbcTemplate(database);
    queries = LocalQueries.of(new AdminAuditQueries(database));
  }

  private void event(long position, String actor, String action, Instant at) {
    jdbc.update(
        "INSERT INTO admin_audit_event (global_index, event_id, occurred_at, actor, actor_role,"
            + " action, subject_type, subject_id, summary) VALUES (?, ?, ?, ?, 'admin', ?, 'ApiKey',"
            + " 'k1', '{}')",
        position,
        "e" + position,
        EpochMicros.of(at),
        actor,
        action);
  }

  private Page<AdminEventView> page(String actor, int limit, String before) {
    return queries
        .page(
            new FetchAdminEvents(actor, null, null, null, null, limit, before),
            AdminEventView.class)
        .block();
  }

  @Test
  void pagesFollowTheCursorNewestFirstUntilTheLastEvent() {
    for (long position = 1; position <= 5; position++) {
      event(
          position, position % 2 == 0 ? "bob" : "alice", "ApiKeyIssued", T0.plusSeconds(position));
    }

    List<Long> seen = new ArrayList<>();
    Page<AdminEventView> page = page("alice", 2, null);
    page.data().forEach(event -> seen.add(event.position()));
    assertThat(page.hasMore()).isTrue();
    page = page("alice", 2, page.nextCursor());
    page.data().forEach(event -> seen.add(event.position()));

    assertThat(seen).containsExactly(5L, 3L, 1L);
    assertThat(page.hasMore()).isFalse();
    assertThat(page.nextCursor()).isNull();
  }

  @Test
  void aCursorTheServiceNeverIssuedIsRefusedAsTheHandlerThrewIt() {
    assertThatThrownBy(() -> page(null, 2, "not-a-cursor"))
        .isInstanceOf(ResponseStatusException.class)
        .hasMessageContaining("before: not a cursor this endpoint returned");
  }
}
