package io.llmproxy.query;

/** Names the storage beans the query side reads through, provided by the assembled application. */
public final class ReadModelStorage {

  /**
   * A pool of read-only connections: reports read a WAL snapshot and never queue behind the single
   * writer connection that appends events and updates projections.
   */
  public static final String READ_ONLY_DATA_SOURCE = "readOnlyDataSource";

  private ReadModelStorage() {}
}
