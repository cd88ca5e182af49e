-- The event id is always 'evt_' || seq: it is computed when read instead of stored twice (in
-- the row and in the unique index events_id); lookups by id go through seq, the primary key.
-- The time an event was recorded is read from its leaf, which holds it exactly as written
-- (occurred_at stays stored: signals and demand read it for every flow). Each row keeps its
-- leaf exactly: it is copied as it is, never re-encoded.
CREATE TABLE `events_compact` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text GENERATED ALWAYS AS ('evt_' || "seq") VIRTUAL NOT NULL,
	`type` text NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` text GENERATED ALWAYS AS (json_extract(`leaf`, '$.recordedAt')) VIRTUAL NOT NULL,
	`occurred_at` text NOT NULL,
	`leaf` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `events_compact` (`seq`, `type`, `recorded_by`, `occurred_at`, `leaf`)
	SELECT `seq`, `type`, `recorded_by`, `occurred_at`, `leaf` FROM `events` ORDER BY `seq`;
--> statement-breakpoint
DROP TABLE `events`;
--> statement-breakpoint
ALTER TABLE `events_compact` RENAME TO `events`;
--> statement-breakpoint
CREATE INDEX `events_recorded_by` ON `events` (`recorded_by`,`seq`);
--> statement-breakpoint
CREATE INDEX `events_type` ON `events` (`type`,`seq`);
--> statement-breakpoint
CREATE INDEX `events_corrects` ON `events` (json_extract(`leaf`, '$.event.corrects')) WHERE `type` = 'correction';
--> statement-breakpoint
-- Merkle nodes clustered on their key (WITHOUT ROWID): a rowid table with a composite primary
-- key stored (level, idx) twice, in the row and in its automatic index.
CREATE TABLE `log_nodes_clustered` (
	`level` integer NOT NULL,
	`idx` integer NOT NULL,
	`hash` blob NOT NULL,
	PRIMARY KEY(`level`, `idx`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `log_nodes_clustered` (`level`, `idx`, `hash`)
	SELECT `level`, `idx`, `hash` FROM `log_nodes` ORDER BY `level`, `idx`;
--> statement-breakpoint
DROP TABLE `log_nodes`;
--> statement-breakpoint
ALTER TABLE `log_nodes_clustered` RENAME TO `log_nodes`;
--> statement-breakpoint
-- Gift shares clustered on (lot, donation) likewise. A WITHOUT ROWID table has no insertion
-- order, which splits of a lot's amount break ties by: `position` keeps it, numbered here from
-- the old rowid order within each lot (a lot's shares are always written together, in order).
CREATE TABLE `lot_shares_clustered` (
	`lot` integer NOT NULL,
	`donation` text NOT NULL,
	`amount` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`lot`, `donation`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `lot_shares_clustered` (`lot`, `donation`, `amount`, `position`)
	SELECT `lot`, `donation`, `amount`, row_number() OVER (PARTITION BY `lot` ORDER BY `rowid`) - 1
	FROM `lot_shares`;
--> statement-breakpoint
DROP TABLE `lot_shares`;
--> statement-breakpoint
ALTER TABLE `lot_shares_clustered` RENAME TO `lot_shares`;
--> statement-breakpoint
CREATE INDEX `lot_shares_donation` ON `lot_shares` (`donation`);
