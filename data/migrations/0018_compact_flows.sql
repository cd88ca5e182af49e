-- The event of a flow is always 'evt_' || seq, so the column goes; SQLite drops a column by
-- copying the table, which keeps every id (the export's flow id, in recording order).
CREATE TABLE `flows_compact` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`donation` text NOT NULL,
	`kind` text NOT NULL,
	`from_org` text,
	`to_org` text NOT NULL,
	`asset` text NOT NULL,
	`lot_code` text NOT NULL,
	`amount` integer NOT NULL,
	`disease` text,
	`reason` text,
	`breach` integer NOT NULL,
	`undo` integer DEFAULT false NOT NULL,
	`excursion` text
);--> statement-breakpoint
INSERT INTO `flows_compact` (`id`, `seq`, `donation`, `kind`, `from_org`, `to_org`, `asset`, `lot_code`, `amount`, `disease`, `reason`, `breach`, `undo`, `excursion`)
  SELECT `id`, `seq`, `donation`, `kind`, `from_org`, `to_org`, `asset`, `lot_code`, `amount`, `disease`, `reason`, `breach`, `undo`, `excursion` FROM `flows` ORDER BY `id`;--> statement-breakpoint
DROP TABLE `flows`;--> statement-breakpoint
ALTER TABLE `flows_compact` RENAME TO `flows`;--> statement-breakpoint
-- A gift's flows are few (hundreds at most): sorting them by seq costs less than an index entry's seq.
CREATE INDEX `flows_donation` ON `flows` (`donation`);--> statement-breakpoint
CREATE INDEX `flows_seq` ON `flows` (`seq`);--> statement-breakpoint
-- Only uses and expired write-offs are looked up by holder and item (a device's last use, who
-- used an item most, a reserve's expired lots): partial indexes replace one over every flow.
CREATE INDEX `flows_used` ON `flows` (`to_org`,`asset`) WHERE `kind` = 'used';--> statement-breakpoint
CREATE INDEX `flows_expired` ON `flows` (`to_org`,`asset`) WHERE `kind` = 'written_off' AND `reason` = 'expired';--> statement-breakpoint
-- Custody signals read the few uses of goods that went through a released excursion.
CREATE INDEX `flows_excursion` ON `flows` (`excursion`) WHERE `excursion` IS NOT NULL;
