CREATE TABLE `complaints` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`about` text NOT NULL,
	`about_kind` text NOT NULL,
	`organization` text NOT NULL,
	`appeal` text,
	`category` text NOT NULL,
	`summary` text,
	`filed_at` text NOT NULL,
	`first_answer_seq` integer,
	`first_answered_at` text,
	`answers` integer NOT NULL,
	`answer` text,
	`answer_resolved` integer,
	`answered_at` text,
	`feedback` text,
	`feedback_at` text,
	`hidden_reason` text,
	`hidden_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_seq` ON `complaints` (`seq`);--> statement-breakpoint
CREATE INDEX `complaints_organization` ON `complaints` (`organization`,`seq`);--> statement-breakpoint
CREATE INDEX `complaints_about` ON `complaints` (`about`,`seq`);--> statement-breakpoint
CREATE INDEX `complaints_appeal` ON `complaints` (`appeal`);--> statement-breakpoint
CREATE TABLE `spent_challenges` (
	`nonce` text PRIMARY KEY NOT NULL,
	`expires_ms` integer NOT NULL
);
