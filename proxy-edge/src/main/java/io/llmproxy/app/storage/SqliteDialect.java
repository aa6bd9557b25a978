package io.llmproxy.app.storage;

import java.sql.Types;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.descriptor.jdbc.VarbinaryJdbcType;

/**
 * The community SQLite dialect reads {@code @Lob byte[]} through {@code getBlob}, which the SQLite
 * driver does not implement; Axon stores event payloads, metadata and tokens that way. Binding them
 * as plain bytes works with the driver.
 */
public class SqliteDialect extends SQLiteDialect {

  @Override
  public void contributeTypes(TypeContributions contributions, ServiceRegistry registry) {
    super.contributeTypes(contributions, registry);
    contributions
        .getTypeConfiguration()
        .getJdbcTypeRegistry()
        .addDescriptor(Types.BLOB, VarbinaryJdbcType.INSTANCE);
  }
}
