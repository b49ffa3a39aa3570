package main

import (
	"database/sql"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Pool settings: one Lambda execution environment serves one request at a
// time, so a couple of connections is plenty; they are recycled before
// typical server/proxy idle limits close them under us.
const (
	maxOpenConns    = 2
	maxIdleConns    = 2
	connMaxLifetime = 5 * time.Minute
	connMaxIdleTime = 2 * time.Minute
)

// openDB returns the pool for cfg. It does not connect: the first query
// does, so a cold start does not wait for the database.
func openDB(cfg dbConfig) *sql.DB {
	connector, err := mysql.NewConnector(cfg.mysqlConfig())
	if err != nil {
		// NewConnector only fails on an invalid config, which mysqlConfig
		// never builds.
		panic(err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxIdleConns)
	db.SetConnMaxLifetime(connMaxLifetime)
	db.SetConnMaxIdleTime(connMaxIdleTime)
	return db
}
