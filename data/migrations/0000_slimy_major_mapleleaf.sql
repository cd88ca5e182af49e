CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`organization` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `appeals` (
	`id` text PRIMARY KEY NOT NULL,
	`title_zh` text NOT NULL,
	`title_en` text NOT NULL,
	`region` text,
	`disease` text,
	`opened_by` text NOT NULL,
	`opened_at` text NOT NULL,
	`seq` integer NOT NULL,
	`status` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `checkpoints` (
	`size` integer PRIMARY KEY NOT NULL,
	`root_hash` blob NOT NULL,
	`note` text NOT NULL,
	`signed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `diseases` (
	`code` text PRIMARY KEY NOT NULL,
	`chapter` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`rare` integer NOT NULL,
	`group` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `donations` (
	`key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`receipt_code` text NOT NULL,
	`current_event` text NOT NULL,
	`status` text NOT NULL,
	`donor` text,
	`donor_kind` text NOT NULL,
	`anonymous` integer NOT NULL,
	`recipient` text NOT NULL,
	`asset` text NOT NULL,
	`lot_code` text NOT NULL,
	`amount` integer NOT NULL,
	`restriction_region` text,
	`restriction_disease` text,
	`restriction_appeal` text,
	`restriction_purpose` text,
	`occurred_at` text NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `donations_receipt_code` ON `donations` (`receipt_code`);--> statement-breakpoint
CREATE INDEX `donations_recipient` ON `donations` (`recipient`,`seq`);--> statement-breakpoint
CREATE INDEX `donations_donor` ON `donations` (`donor`,`seq`);--> statement-breakpoint
CREATE TABLE `event_state` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`recorded_by` text NOT NULL,
	`status` text NOT NULL,
	`effective_event` text NOT NULL,
	`received_by` text,
	`breach` integer NOT NULL,
	`body` text NOT NULL,
	`deltas` text NOT NULL,
	`flows` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` text NOT NULL,
	`occurred_at` text NOT NULL,
	`leaf` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_recorded_by` ON `events` (`recorded_by`,`seq`);--> statement-breakpoint
CREATE INDEX `events_type` ON `events` (`type`,`seq`);--> statement-breakpoint
CREATE TABLE `flows` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`event` text NOT NULL,
	`donation` text NOT NULL,
	`kind` text NOT NULL,
	`from_org` text,
	`to_org` text NOT NULL,
	`asset` text NOT NULL,
	`lot_code` text NOT NULL,
	`amount` integer NOT NULL,
	`disease` text,
	`reason` text,
	`breach` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `flows_donation` ON `flows` (`donation`,`seq`);--> statement-breakpoint
CREATE INDEX `flows_event` ON `flows` (`event`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`organization` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`answer` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`organization`, `key`)
);
--> statement-breakpoint
CREATE TABLE `items` (
	`id` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`category` text NOT NULL,
	`group` text NOT NULL,
	`unit` text NOT NULL,
	`cold_chain` integer NOT NULL,
	`shelf_life_days` integer
);
--> statement-breakpoint
CREATE TABLE `ledger_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `log_nodes` (
	`level` integer NOT NULL,
	`idx` integer NOT NULL,
	`hash` blob NOT NULL,
	PRIMARY KEY(`level`, `idx`)
);
--> statement-breakpoint
CREATE TABLE `lot_shares` (
	`lot` integer NOT NULL,
	`donation` text NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`lot`, `donation`)
);
--> statement-breakpoint
CREATE INDEX `lot_shares_donation` ON `lot_shares` (`donation`);--> statement-breakpoint
CREATE TABLE `lots` (
	`id` integer PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`asset` text NOT NULL,
	`lot_code` text NOT NULL,
	`expires_on` text,
	`restriction_region` text,
	`restriction_disease` text,
	`restriction_appeal` text,
	`state` text NOT NULL,
	`transfer` text,
	`acquired_seq` integer NOT NULL,
	`amount` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lots_holding` ON `lots` (`holder`,`asset`,`state`);--> statement-breakpoint
CREATE INDEX `lots_transfer` ON `lots` (`transfer`);--> statement-breakpoint
CREATE TABLE `organizations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`region` text NOT NULL,
	`anonymous` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `organizations_region` ON `organizations` (`region`);--> statement-breakpoint
CREATE INDEX `organizations_kind` ON `organizations` (`kind`);--> statement-breakpoint
CREATE TABLE `regions` (
	`code` text PRIMARY KEY NOT NULL,
	`level` text NOT NULL,
	`parent` text,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`population` integer
);
--> statement-breakpoint
CREATE INDEX `regions_parent` ON `regions` (`parent`);