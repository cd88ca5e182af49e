CREATE INDEX `events_corrects` ON `events` (json_extract(`leaf`, '$.event.corrects')) WHERE `type` = 'correction';
