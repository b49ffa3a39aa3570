package local

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// userDatabase seeds a database of its own on the MariaDB the test run
// started (scripts/test.sh exports STRANGLER_TEST_MYSQL_DSN) and returns
// the variables api-user-id reads.
func userDatabase(t *testing.T) map[string]string {
	t.Helper()
	dsn := os.Getenv("STRANGLER_TEST_MYSQL_DSN")
	if dsn == "" {
		t.Skip("STRANGLER_TEST_MYSQL_DSN is unset: run through scripts/test.sh, or eval \"$(scripts/mariadb.sh start)\" first")
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("STRANGLER_TEST_MYSQL_DSN: %v", err)
	}
	name := fmt.Sprintf("strangler_local_test_%d", os.Getpid())
	admin := cfg.Clone()
	admin.DBName, admin.MultiStatements = "", true
	db, err := sql.Open("mysql", admin.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(fmt.Sprintf("DROP DATABASE IF EXISTS `%[1]s`; CREATE DATABASE `%[1]s` CHARACTER SET utf8mb4;"+
		"CREATE TABLE `%[1]s`.users (id BIGINT UNSIGNED PRIMARY KEY, name VARCHAR(255) NOT NULL, email VARCHAR(255) NOT NULL);"+
		"INSERT INTO `%[1]s`.users VALUES (42, 'Grace Hopper', 'grace@example.com');", name)); err != nil {
		t.Fatalf("seeding %s: %v", name, err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("mysql", admin.FormatDSN()); err == nil {
			db.Exec("DROP DATABASE IF EXISTS `" + name + "`")
			db.Close()
		}
	})
	host, port, _ := strings.Cut(cfg.Addr, ":")
	return map[string]string{"DB_HOST": host, "DB_PORT": port, "DB_USER": cfg.User, "DB_PASSWORD": cfg.Passwd, "DB_NAME": name,
		"DB_TLS": "false"} // MariaDB on loopback, without a certificate
}

// The project's own manifest shape: /user/{id} on api-user-id (built as
// the stack builds it, its secret given locally), /user/{id}/orders kept
// on the monolith under the migrated /user/*.
const userManifest = `
legacy: {domainName: legacy-api.example.com}
auth:
  default: delegate
  delegate: {url: /session}
routes:
  - path: /user/{id}
    methods: [GET]
    function: api-user-id
    cache: per-token
    cacheQueryKeys: []
    reservedConcurrency: 10
    environment: {DB_NAME: users}
    secrets: {DB_SECRET_ARN: arn:aws:secretsmanager:eu-west-1:123456789012:secret:users-db}
  - path: /user/{id}/orders
    target: legacy
`

func TestUserOnMariaDB(t *testing.T) {
	env := userDatabase(t)
	// The authorizer is not run locally: Caller stands in for what it
	// would pass on (a caller allowed to read any user).
	r := startLocal(t, userManifest, filepath.Join("..", "lambdas"), Options{Secrets: map[string]map[string]string{"api-user-id": env},
		Caller: map[string]string{"sub": "7", "scope": "users:read-any"}})
	a := r.do(t, "GET", "/user/42")
	var u struct {
		ID          int64
		Name, Email string
	}
	if a.status != 200 || json.Unmarshal([]byte(a.body), &u) != nil || u.Name != "Grace Hopper" || u.ID != 42 {
		t.Errorf("GET /user/42: %d %s, want Grace Hopper from the database", a.status, a.body)
	}
	if a := r.do(t, "GET", "/user/7"); a.status != 404 {
		t.Errorf("GET /user/7: %d %s, want 404", a.status, a.body)
	}
	if a := r.do(t, "GET", "/user/x"); a.status != 400 {
		t.Errorf("GET /user/x: %d %s, want 400 from the handler", a.status, a.body)
	}
	if a := r.do(t, "GET", "/user/42/orders"); a.status != 200 || a.body != "monolith GET /user/42/orders?" {
		t.Errorf("GET /user/42/orders: %d %q, want the monolith", a.status, a.body)
	}
	// A method API Gateway does not have on the resource.
	if a := r.do(t, "DELETE", "/user/42"); a.status != 403 {
		t.Errorf("DELETE /user/42: %d %s, want API Gateway's 403", a.status, a.body)
	}
}
