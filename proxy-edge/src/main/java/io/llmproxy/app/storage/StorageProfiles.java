package io.llmproxy.app.storage;

/** The Spring profiles that choose where events, tokens and read models are stored. */
public final class StorageProfiles {

  /** Several nodes sharing one PostgreSQL database; without it, one node on a SQLite file. */
  public static final String POSTGRES = "postgres";

  public static final String SQLITE = "!" + POSTGRES;

  private StorageProfiles() {}
}
