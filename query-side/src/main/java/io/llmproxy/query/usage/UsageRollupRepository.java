package io.llmproxy.query.usage;

import org.springframework.data.jpa.repository.JpaRepository;

interface UsageRollupRepository extends JpaRepository<UsageRollup, UsageRollup.Key> {}
