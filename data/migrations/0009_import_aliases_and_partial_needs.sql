CREATE TABLE `organization_aliases` (
	`organization` text NOT NULL,
	`alias` text NOT NULL,
	PRIMARY KEY(`organization`, `alias`)
);
--> statement-breakpoint
CREATE INDEX `organization_aliases_alias` ON `organization_aliases` (`alias`);--> statement-breakpoint
ALTER TABLE `coverage_cells` ADD `unstated` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `coverage_cells` ADD `met` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `needs` ADD `quantity_stated` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `needs` ADD `reported_by` text;--> statement-breakpoint
ALTER TABLE `needs` ADD `source` text;--> statement-breakpoint
ALTER TABLE `organizations` ADD `name_en` text;