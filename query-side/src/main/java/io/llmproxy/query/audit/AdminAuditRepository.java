package io.llmproxy.query.audit;

import org.springframework.data.jpa.repository.JpaRepository;

interface AdminAuditRepository extends JpaRepository<AdminAuditEvent, Long> {}
