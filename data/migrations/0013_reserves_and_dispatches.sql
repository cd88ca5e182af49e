CREATE TABLE `dispatch_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`reserve` text NOT NULL,
	`facility` text NOT NULL,
	`region` text NOT NULL,
	`item` text NOT NULL,
	`quantity` integer NOT NULL,
	`urgency` text NOT NULL,
	`reason` text NOT NULL,
	`appeal` text,
	`requested_by` text NOT NULL,
	`requested_at` text NOT NULL,
	`plan` text NOT NULL,
	`authority` text NOT NULL,
	`approval_threshold` integer NOT NULL,
	`price_currency` text,
	`price_amount` integer,
	`status` text NOT NULL,
	`approved_quantity` integer,
	`decided_at` text,
	`refusal_reason` text,
	`dispatch` text,
	`dispatched_quantity` integer,
	`dispatched_at` text,
	`receipt` text,
	`received_quantity` integer,
	`received_at` text,
	`settlement` text,
	`settled_at` text,
	`settled_amount` integer,
	`settled_currency` text,
	`waived` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dispatch_requests_reserve` ON `dispatch_requests` (`reserve`,`seq`);--> statement-breakpoint
CREATE INDEX `dispatch_requests_status` ON `dispatch_requests` (`status`,`seq`);--> statement-breakpoint
CREATE INDEX `dispatch_requests_dispatch` ON `dispatch_requests` (`dispatch`);--> statement-breakpoint
CREATE INDEX `dispatch_requests_appeal` ON `dispatch_requests` (`appeal`);--> statement-breakpoint
CREATE TABLE `dispatch_reviews` (
	`request` text NOT NULL,
	`seq` integer NOT NULL,
	`event` text NOT NULL,
	`reviewer` text NOT NULL,
	`decision` text NOT NULL,
	`quantity` integer,
	`reason` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`request`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `reserve_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`holder` text NOT NULL,
	`region` text NOT NULL,
	`item` text NOT NULL,
	`target` integer NOT NULL,
	`min` integer NOT NULL,
	`basis` text NOT NULL,
	`valid_from` text NOT NULL,
	`authority` text NOT NULL,
	`approval_threshold` integer NOT NULL,
	`rotation_days` integer NOT NULL,
	`price_currency` text,
	`price_amount` integer,
	`recorded_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reserve_plans_holder` ON `reserve_plans` (`holder`,`item`);