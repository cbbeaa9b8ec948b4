package storage

import "database/sql"

var schemaVersion = len(migrations)

// Add new migrations at the end; never edit an applied one.
var migrations = []func(db *sql.DB) error{
	func(db *sql.DB) error {
		_, err := db.Exec(`
			CREATE TABLE users (
				id bigserial primary key,
				email text not null
			);
		`)
		return err
	},
	func(db *sql.DB) error {
		_, err := db.Exec(`CREATE INDEX CONCURRENTLY users_email_idx ON users (email)`)
		return err
	},
	func(db *sql.DB) error {
		// Adding a nullable column is instant.
		_, err := db.Exec("ALTER TABLE users ADD COLUMN last_seen timestamptz")
		return err
	},
}
