DROP INDEX events_meta_idx;
