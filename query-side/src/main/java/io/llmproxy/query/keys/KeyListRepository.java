package io.llmproxy.query.keys;

import org.springframework.data.jpa.repository.JpaRepository;

interface KeyListRepository extends JpaRepository<KeyListEntry, String> {}
