CREATE TABLE `dataset_info` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
