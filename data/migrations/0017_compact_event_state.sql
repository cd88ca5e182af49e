-- event_state keyed by seq, without the body (the leaf and its private part hold it) nor the
-- type and recorder (in events); event references become seqs.
CREATE TABLE `event_state_compact` (
	`seq` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`effective_seq` integer NOT NULL,
	`replacement_seq` integer,
	`receipt_seq` integer,
	`breach` integer NOT NULL,
	`deltas` text NOT NULL
);
--> statement-breakpoint
-- A replaced event's body is its latest correction's replacement; a reversed one keeps the body
-- it had before the reversal, the replacement of the last correction that replaced it, if any.
INSERT INTO `event_state_compact` (`seq`, `status`, `effective_seq`, `replacement_seq`, `receipt_seq`, `breach`, `deltas`)
SELECT
	s.`seq`,
	s.`status`,
	CAST(substr(s.`effective_event`, 5) AS INTEGER),
	CASE
		WHEN s.`status` <> 'reversed' THEN
			CASE WHEN s.`effective_event` <> s.`id` THEN CAST(substr(s.`effective_event`, 5) AS INTEGER) END
		ELSE (
			SELECT max(c.`seq`) FROM `events` c
			WHERE c.`type` = 'correction'
				AND json_extract(c.`leaf`, '$.event.corrects') = s.`id`
				AND json_type(c.`leaf`, '$.event.replacement') IS NOT NULL
				AND c.`seq` < CAST(substr(s.`effective_event`, 5) AS INTEGER)
		)
	END,
	CAST(substr(s.`received_by`, 5) AS INTEGER),
	s.`breach`,
	s.`deltas`
FROM `event_state` s;
--> statement-breakpoint
DROP TABLE `event_state`;
--> statement-breakpoint
ALTER TABLE `event_state_compact` RENAME TO `event_state`;
