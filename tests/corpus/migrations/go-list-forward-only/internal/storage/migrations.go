package storage

import "database/sql"

var schemaVersion = len(migrations)

// Add new migrations at the end; never edit an applied one.
var migrations = []func(tx *sql.Tx) error{
	func(tx *sql.Tx) error {
		_, err := tx.Exec(`
			CREATE TABLE users (
				id bigserial primary key,
				email text not null
			);
		`)
		return err
	},
	func(tx *sql.Tx) error {
		_, err := tx.Exec(`CREATE INDEX users_email_idx ON users (email)`)
		return err
	},
	func(tx *sql.Tx) error {
		// Adding a nullable column is instant.
		_, err := tx.Exec("ALTER TABLE users ADD COLUMN last_seen timestamptz")
		return err
	},
}
