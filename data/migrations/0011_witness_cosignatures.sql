CREATE TABLE `cosignatures` (
	`checkpoint_size` integer NOT NULL,
	`witness` text NOT NULL,
	`key_id` integer NOT NULL,
	`timestamp` integer NOT NULL,
	`line` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`checkpoint_size`, `witness`, `key_id`)
);
--> statement-breakpoint
CREATE INDEX `cosignatures_by_witness` ON `cosignatures` (`witness`,`key_id`,`checkpoint_size`);
