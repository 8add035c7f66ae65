-- task-scheduler's image purge asks which stored photos some history row still names: a photo is shared by everyone
-- who scanned it (its key is its hash) and is deleted only once no row names it.
CREATE INDEX scan_history_image_key ON growbin.scan_history (image_key);
