-- A key's models list used to mean "every alias" when empty; now every alias is ["*"] and an empty
-- list is no alias. The key events are upcast as they are read (their rows stay as written), but
-- read-model rows projected before this release hold the old meaning: give them the new spelling.
-- Every row present now was projected by an earlier release, so an empty list here meant every alias.
UPDATE api_key_list SET allowed_models = '["*"]' WHERE allowed_models = '[]';

-- The audit trail's summaries of the same events, so that it reads as a rebuild of it would.
UPDATE admin_audit_event
SET summary = replace(summary, '"allowed_models":[]', '"allowed_models":["*"]')
WHERE action IN ('ApiKeyIssued', 'ApiKeyUpdated');
