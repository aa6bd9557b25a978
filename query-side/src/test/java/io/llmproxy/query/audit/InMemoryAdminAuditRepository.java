package io.llmproxy.query.audit;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trail's table in memory, for the methods the projection calls: lines keyed by global position
 * and, as the table's primary key does, refusing a second line at the same position. Any other
 * repository method fails loudly rather than pretend.
 */
final class InMemoryAdminAuditRepository {

  private final Map<Long, AdminAuditEvent> rows = new TreeMap<>();

  AdminAuditRepository repository() {
    return (AdminAuditRepository)
        Proxy.newProxyInstance(
            AdminAuditRepository.class.getClassLoader(),
            new Class<?>[] {AdminAuditRepository.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "save" -> insert((AdminAuditEvent) args[0]);
                  case "deleteAllInBatch" -> {
                    rows.clear();
                    yield null;
                  }
                  default ->
                      throw new UnsupportedOperationException(
                          "not faked: AdminAuditRepository." + method.getName());
                });
  }

  private AdminAuditEvent insert(AdminAuditEvent line) {
    if (rows.putIfAbsent(line.getId(), line) != null) {
      throw new IllegalStateException("duplicate global_index " + line.getId());
    }
    return line;
  }

  List<AdminAuditEvent> rows() {
    return new ArrayList<>(rows.values());
  }
}
