CREATE TABLE `event_private` (
	`seq` integer PRIMARY KEY NOT NULL,
	`salt` text NOT NULL,
	`withheld` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `donations` ADD `donor_confirmed` integer DEFAULT false NOT NULL;