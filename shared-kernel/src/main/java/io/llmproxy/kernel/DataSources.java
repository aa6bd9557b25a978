package io.llmproxy.kernel;

/** Bean names of the storage every module may read through. */
public final class DataSources {

  /** Read-only connections that see committed snapshots and never wait for the writer. */
  public static final String READ_ONLY = "readOnlyDataSource";

  private DataSources() {}
}
