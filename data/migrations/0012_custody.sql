CREATE TABLE `custody_handovers` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`shipment` text NOT NULL,
	`from_org` text NOT NULL,
	`to_org` text NOT NULL,
	`at` text NOT NULL,
	`at_ms` integer NOT NULL,
	`place` text,
	`recorded_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `custody_handovers_shipment` ON `custody_handovers` (`shipment`,`at_ms`,`seq`);--> statement-breakpoint
CREATE INDEX `custody_handovers_seq` ON `custody_handovers` (`seq`);--> statement-breakpoint
CREATE TABLE `lot_releases` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`holder` text NOT NULL,
	`item` text NOT NULL,
	`lot_code` text NOT NULL,
	`reason` text NOT NULL,
	`quantity` integer NOT NULL,
	`excursions` text NOT NULL,
	`occurred_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lot_releases_lot` ON `lot_releases` (`holder`,`item`,`lot_code`);--> statement-breakpoint
CREATE INDEX `lot_releases_seq` ON `lot_releases` (`seq`);--> statement-breakpoint
CREATE TABLE `temperature_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`shipment` text,
	`holder` text NOT NULL,
	`item` text NOT NULL,
	`lot_code` text,
	`min_c` real NOT NULL,
	`max_c` real NOT NULL,
	`outside_minutes` integer NOT NULL,
	`range_low` real NOT NULL,
	`range_high` real NOT NULL,
	`tolerance_minutes` integer NOT NULL,
	`excursion` integer NOT NULL,
	`quarantined` integer NOT NULL,
	`readings` integer,
	`first_reading_at` text,
	`last_reading_at` text,
	`logger` text,
	`recorded_by` text NOT NULL,
	`occurred_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `temperature_logs_shipment` ON `temperature_logs` (`shipment`,`seq`);--> statement-breakpoint
CREATE INDEX `temperature_logs_lot` ON `temperature_logs` (`holder`,`item`,`lot_code`);--> statement-breakpoint
CREATE INDEX `temperature_logs_seq` ON `temperature_logs` (`seq`);--> statement-breakpoint
ALTER TABLE `flows` ADD `excursion` text;--> statement-breakpoint
ALTER TABLE `lots` ADD `quarantine` text;--> statement-breakpoint
ALTER TABLE `lots` ADD `excursion` text;--> statement-breakpoint
CREATE INDEX `lots_quarantine` ON `lots` (`quarantine`);