package main

import (
	"database/sql"
	"time"

	"github.com/go-sql-driver/mysql"
)

// pool is how many connections one execution environment keeps, and for
// how long. An environment serves one request at a time, so one
// connection is enough: every environment the function can run at once
// is then one connection on the database (the manifest's route
// database.connectionsPerEnvironment, default 1, is what synth adds up
// against max_connections; keep the two equal).
type pool struct {
	maxOpen int
	// idle closes a connection unused that long: an environment Lambda
	// keeps warm but sends nothing to gives its connection back to the
	// database (or proxy) instead of holding it until the server's
	// wait_timeout (8 hours by default) or the proxy's idle client timeout
	// (30 minutes by default). It is checked when the environment runs:
	// a frozen environment's connection is closed at its next request,
	// before use, and a new one opened.
	idle time.Duration
	// lifetime recycles even a busy connection, so that after a failover
	// or a DNS change connections drift to the new server.
	lifetime time.Duration
}

var defaultPool = pool{maxOpen: 1, idle: time.Minute, lifetime: 5 * time.Minute}

// openDB returns the pool for cfg. It does not connect: the first query
// does, so a cold start does not wait for the database.
func openDB(cfg dbConfig) *sql.DB { return openPool(cfg, defaultPool) }

func openPool(cfg dbConfig, p pool) *sql.DB {
	connector, err := mysql.NewConnector(cfg.mysqlConfig())
	if err != nil {
		// NewConnector only fails on an invalid config, which mysqlConfig
		// never builds.
		panic(err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(p.maxOpen)
	db.SetMaxIdleConns(p.maxOpen)
	db.SetConnMaxIdleTime(p.idle)
	db.SetConnMaxLifetime(p.lifetime)
	return db
}
