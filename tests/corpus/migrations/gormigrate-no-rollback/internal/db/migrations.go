package db

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

var all = []*gormigrate.Migration{
	{
		ID: "202403010000_create_users",
		Migrate: func(tx *gorm.DB) error {
			return tx.Migrator().CreateTable(&User{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("users")
		},
	},
	{
		ID: "202403020000_backfill",
		Migrate: func(tx *gorm.DB) error {
			return tx.Exec("UPDATE users SET active = true").Error
		},
	},
}
