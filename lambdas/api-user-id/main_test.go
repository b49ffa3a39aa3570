package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// testServer is the MariaDB/MySQL server the tests use: the one named by
// STRANGLER_TEST_MYSQL_DSN, or one started by scripts/mariadb.sh for this run.
// testDB is the name of this run's database on it, seeded by seed().
var (
	testServer *mysql.Config
	testDB     string
)

const mariadbScript = "../../scripts/mariadb.sh"

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

func runTests(m *testing.M) int {
	dsn := os.Getenv("STRANGLER_TEST_MYSQL_DSN")
	if dsn == "" {
		dir, err := os.MkdirTemp("", "strangler-mariadb-")
		if err != nil {
			return fail("creating a temp dir for MariaDB: %v", err)
		}
		cmd := exec.Command("bash", mariadbScript, "start", dir)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		defer func() {
			stop := exec.Command("bash", mariadbScript, "stop", dir)
			stop.Stderr = os.Stderr
			if err := stop.Run(); err != nil {
				fmt.Fprintf(os.Stderr, "stopping MariaDB in %s: %v\n", dir, err)
			}
		}()
		if err != nil {
			return fail("STRANGLER_TEST_MYSQL_DSN is unset and %s could not start a MariaDB server: %v\n"+
				"(it installs mariadb-server with apt-get when missing, which needs root or sudo; "+
				"or point STRANGLER_TEST_MYSQL_DSN at a MySQL/MariaDB server you run)", mariadbScript, err)
		}
		dsn = exportedValue(string(out), "STRANGLER_TEST_MYSQL_DSN")
		if dsn == "" {
			return fail("%s printed no STRANGLER_TEST_MYSQL_DSN:\n%s", mariadbScript, out)
		}
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return fail("STRANGLER_TEST_MYSQL_DSN %q: %v", dsn, err)
	}
	testServer = cfg
	testDB = fmt.Sprintf("strangler_user_id_test_%d", os.Getpid())
	if err := seed(); err != nil {
		return fail("seeding the test database on %s: %v", cfg.Addr, err)
	}
	defer dropTestDB()
	return m.Run()
}

// fail reports a setup failure; the package's tests FAIL (never skip).
func fail(format string, args ...any) int {
	fmt.Fprintf(os.Stderr, "FAIL: database tests cannot run: "+format+"\n", args...)
	return 1
}

// exportedValue finds export NAME='value' in the script's output.
func exportedValue(out, name string) string {
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "export "+name+"="); ok {
			return strings.Trim(v, "'")
		}
	}
	return ""
}

func adminDB() (*sql.DB, error) {
	c := testServer.Clone()
	c.DBName = ""
	c.MultiStatements = true
	return sql.Open("mysql", c.FormatDSN())
}

// seedUsers are the rows every test can rely on.
var seedUsers = []user{
	{ID: 1, Name: "Ada Lovelace", Email: "ada@example.com"},
	{ID: 42, Name: "Grace Hopper", Email: "grace@example.com"},
	{ID: 7, Name: "Zoë \"Z\" <O'Neil> & co", Email: "zoe@example.com"},
}

func seed() error {
	db, err := adminDB()
	if err != nil {
		return err
	}
	defer db.Close()
	var stmts bytes.Buffer
	fmt.Fprintf(&stmts, "DROP DATABASE IF EXISTS `%s`; CREATE DATABASE `%s` CHARACTER SET utf8mb4;", testDB, testDB)
	fmt.Fprintf(&stmts, "CREATE TABLE `%s`.users (id BIGINT UNSIGNED PRIMARY KEY, name VARCHAR(255) NOT NULL, email VARCHAR(255) NOT NULL);", testDB)
	if _, err := db.Exec(stmts.String()); err != nil {
		return err
	}
	for _, u := range seedUsers {
		if _, err := db.Exec("INSERT INTO `"+testDB+"`.users (id, name, email) VALUES (?, ?, ?)", u.ID, u.Name, u.Email); err != nil {
			return err
		}
	}
	return nil
}

func dropTestDB() {
	db, err := adminDB()
	if err != nil {
		return
	}
	defer db.Close()
	db.Exec("DROP DATABASE IF EXISTS `" + testDB + "`")
}

// testEnv is the environment the function would get from the stack, pointing
// at the test server with plain DB_* variables.
func testEnv() map[string]string {
	host, port, _ := strings.Cut(testServer.Addr, ":")
	return map[string]string{
		"DB_HOST": host, "DB_PORT": port, "DB_USER": testServer.User,
		"DB_PASSWORD": testServer.Passwd, "DB_NAME": testDB,
		"DB_TLS": "false", // MariaDB on loopback, without a certificate
	}
}

func getenvFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}
