-- Lets the edge registries load only key and route history at start, instead of reading every
-- usage event in the store (see edge.registry.EventHistoryLoader).
CREATE INDEX domain_event_entry_type ON domain_event_entry (type, global_index);
