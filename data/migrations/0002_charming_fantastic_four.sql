DROP INDEX `flows_event`;--> statement-breakpoint
ALTER TABLE `flows` ADD `undo` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `flows_seq` ON `flows` (`seq`);--> statement-breakpoint
ALTER TABLE `event_state` DROP COLUMN `flows`;