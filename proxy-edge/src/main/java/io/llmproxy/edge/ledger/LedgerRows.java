package io.llmproxy.edge.ledger;

import io.llmproxy.eventstore.EventAppends;
import io.llmproxy.eventstore.EventAppends.LastEvent;
import io.llmproxy.eventstore.StoredEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The ledger's rows in the event store ({@link EventAppends}: one JDBC batch per group commit, in
 * the caller's transaction), with each stream's head read back as the chain it continues.
 */
@Component
class LedgerRows {

  private final EventAppends appends;
  private final ChainMetaData chainMetaData;

  LedgerRows(EventAppends appends, ChainMetaData chainMetaData) {
    this.appends = appends;
    this.chainMetaData = chainMetaData;
  }

  /** See {@link EventAppends#sharedByNodes}: a head this node remembers may then be stale. */
  boolean sharedByNodes() {
    return appends.sharedByNodes();
  }

  /**
   * Locks {@code streams} until the caller's transaction ends, so no other node appends to them
   * meanwhile, and returns their heads as they are now. PostgreSQL only.
   */
  Map<String, StreamHead> lockHeads(Collection<String> streams) {
    Map<String, LastEvent> last = appends.lockStreams(streams);
    Map<String, StreamHead> heads = new HashMap<>();
    streams.forEach(
        stream -> {
          LastEvent event = last.get(stream);
          heads.put(stream, event == null ? StreamHead.start(-1) : head(event));
        });
    return heads;
  }

  /** The stream's last event, with the chain it continues; sequence -1 for a new stream. */
  StreamHead head(String stream) {
    return appends.lastEvent(stream).map(this::head).orElseGet(() -> StreamHead.start(-1));
  }

  private StreamHead head(LastEvent last) {
    return chainMetaData
        .read(last.metaData())
        .map(link -> new StreamHead(last.sequence(), link.hash()))
        .orElseGet(() -> StreamHead.start(last.sequence()));
  }

  void insert(List<LedgerRow> rows) {
    List<StoredEvent> events = new ArrayList<>(rows.size());
    rows.forEach(row -> events.add(row.event()));
    appends.insert(events);
  }
}
