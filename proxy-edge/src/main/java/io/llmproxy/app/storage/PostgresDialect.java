package io.llmproxy.app.storage;

import java.sql.Types;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.descriptor.jdbc.VarbinaryJdbcType;

/**
 * Hibernate maps {@code @Lob byte[]} (Axon's event payloads, metadata and tokens) to PostgreSQL
 * large objects: an OID column plus an object VACUUM never frees. Binding them as plain bytes
 * stores them in the BYTEA columns of the migrations instead.
 */
public class PostgresDialect extends PostgreSQLDialect {

  @Override
  public void contributeTypes(TypeContributions contributions, ServiceRegistry registry) {
    super.contributeTypes(contributions, registry);
    contributions
        .getTypeConfiguration()
        .getJdbcTypeRegistry()
        .addDescriptor(Types.BLOB, VarbinaryJdbcType.INSTANCE);
  }
}
