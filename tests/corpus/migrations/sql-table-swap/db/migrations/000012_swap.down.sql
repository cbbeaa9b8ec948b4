ALTER TABLE events RENAME TO events_new;
ALTER TABLE events_old RENAME TO events;
