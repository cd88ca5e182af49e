-- The latest moment any event says it happened, kept by the write path from now on; found once here
-- for ledgers written before it was kept. Julian days to Unix milliseconds; offsets are honoured.
INSERT INTO `ledger_meta` (`key`, `value`)
SELECT 'latest_occurred_ms', CAST(round((julianday(`occurred_at`) - 2440587.5) * 86400000) AS INTEGER)
FROM `events` WHERE true ORDER BY julianday(`occurred_at`) DESC LIMIT 1
ON CONFLICT (`key`) DO UPDATE SET `value` = max(`value`, excluded.`value`);
