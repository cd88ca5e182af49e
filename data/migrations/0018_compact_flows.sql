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
CREATE INDEX `flows_donation` ON `flows` (`donation`,`seq`);--> statement-breakpoint
CREATE INDEX `flows_seq` ON `flows` (`seq`);--> statement-breakpoint
CREATE INDEX `flows_to_kind` ON `flows` (`to_org`,`kind`,`asset`);
