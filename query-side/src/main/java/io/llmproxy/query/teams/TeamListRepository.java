package io.llmproxy.query.teams;

import org.springframework.data.jpa.repository.JpaRepository;

interface TeamListRepository extends JpaRepository<TeamListEntry, String> {}
