CREATE INDEX `flows_to_kind` ON `flows` (`to_org`,`kind`,`asset`);--> statement-breakpoint
CREATE INDEX `lots_asset` ON `lots` (`asset`,`state`);--> statement-breakpoint
CREATE INDEX `lots_expiry` ON `lots` (`expires_on`);