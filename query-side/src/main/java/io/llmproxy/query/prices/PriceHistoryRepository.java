package io.llmproxy.query.prices;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface PriceHistoryRepository extends JpaRepository<PriceHistoryEntry, String> {

  List<PriceHistoryEntry> findByModelOrderByEffectiveFromAsc(String model);
}
