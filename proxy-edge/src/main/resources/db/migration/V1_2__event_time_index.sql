-- Lets a budget load a team's spend in the current period without reading the whole ledger
-- (see edge.budget.SpendHistory).
CREATE INDEX domain_event_entry_type_time ON domain_event_entry (type, time_stamp);
