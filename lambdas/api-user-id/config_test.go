package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

const secretARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:strangler/db-AbCdEf"

// fakeSecretsManager is a real HTTP server on loopback speaking the Secrets
// Manager JSON protocol for GetSecretValue.
func fakeSecretsManager(t *testing.T, secret string, calls *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		var in struct{ SecretId string }
		json.Unmarshal(body, &in)
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		if r.Method != http.MethodPost || r.Header.Get("X-Amz-Target") != "secretsmanager.GetSecretValue" ||
			!strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=AKIDTEST/") ||
			!strings.Contains(r.Header.Get("Authorization"), "/eu-west-1/secretsmanager/aws4_request") ||
			r.Header.Get("X-Amz-Security-Token") != "token" {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"__type":"InvalidRequestException","message":"unexpected request"}`)
			return
		}
		if in.SecretId != secretARN || secret == "" {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"__type":"ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."}`)
			return
		}
		out, _ := json.Marshal(map[string]any{
			"ARN": secretARN, "Name": "strangler/db", "VersionId": "v1", "SecretString": secret,
			"VersionStages": []string{"AWSCURRENT"}, "CreatedDate": 1.7e9,
		})
		w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// awsEnv is the environment the Lambda runtime provides, with the Secrets
// Manager endpoint pointed at endpoint, plus DB_SECRET_ARN.
func awsEnv(endpoint string) map[string]string {
	return map[string]string{
		"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIDTEST", "AWS_SECRET_ACCESS_KEY": "secret",
		"AWS_SESSION_TOKEN": "token", "AWS_ENDPOINT_URL_SECRETS_MANAGER": endpoint, "DB_SECRET_ARN": secretARN,
	}
}

// The RDS-shaped secret is fetched once at cold start and its credentials
// reach the real database.
func TestSecretConfigEndToEnd(t *testing.T) {
	host, port, _ := strings.Cut(testServer.Addr, ":")
	p, _ := strconv.Atoi(port)
	secret, _ := json.Marshal(map[string]any{
		"engine": "mariadb", "username": testServer.User, "password": testServer.Passwd,
		"host": host, "port": p, "dbname": testDB, "dbInstanceIdentifier": "strangler",
	})
	var calls atomic.Int32
	srv := fakeSecretsManager(t, string(secret), &calls)
	env := awsEnv(srv.URL)
	env["DB_TLS"] = "false" // MariaDB on loopback, without a certificate
	cfg, err := loadConfig(context.Background(), getenvFrom(env))
	if err != nil {
		t.Fatal(err)
	}
	want := dbConfig{Host: host, Port: p, User: testServer.User, Password: testServer.Passwd, Name: testDB, TLS: "false"}
	if cfg != want {
		t.Fatalf("config %+v, want %+v", cfg, want)
	}
	db := openDB(cfg)
	defer db.Close()
	a := httpadapter.New(newHandler(db), quiet())
	for range 3 {
		out, err := a.Invoke(context.Background(), userEvent(t, "1", "GET"))
		if err != nil {
			t.Fatal(err)
		}
		if want := respEvent(200, `{"id":1,"name":"Ada Lovelace","email":"ada@example.com"}`); string(out) != want {
			t.Fatalf("\n got %s\nwant %s", out, want)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("Secrets Manager called %d times, want once (cold start only)", n)
	}
}

func TestSecretErrors(t *testing.T) {
	tests := []struct{ name, secret, wantErr string }{
		{"secret missing", "", "ResourceNotFoundException"},
		{"not JSON", "hunter2", "is not RDS-shaped JSON"},
		{"port not a number", `{"username":"u","password":"p","host":"h","port":"x","dbname":"d"}`, "is not RDS-shaped JSON"},
		{"port not an integer", `{"username":"u","password":"p","host":"h","port":1.5,"dbname":"d"}`, `port "1.5" is not a number`},
		{"no host", `{"username":"u","password":"p","dbname":"d"}`, "no database host"},
	}
	t.Run("no AWS credentials", func(t *testing.T) {
		_, err := loadConfig(context.Background(), getenvFrom(map[string]string{"DB_SECRET_ARN": secretARN}))
		if err == nil || !strings.Contains(err.Error(), "AWS_REGION, AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY") {
			t.Errorf("error %v", err)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			_, err := loadConfig(context.Background(), getenvFrom(awsEnv(fakeSecretsManager(t, tt.secret, &calls).URL)))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestEnvConfig(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    dbConfig
		wantErr string
	}{
		{"all set", map[string]string{"DB_HOST": "db.internal", "DB_PORT": "3307", "DB_USER": "app", "DB_PASSWORD": "pw", "DB_NAME": "shop", "DB_TLS": "true"},
			dbConfig{Host: "db.internal", Port: 3307, User: "app", Password: "pw", Name: "shop", TLS: "true"}, ""},
		{"default port and TLS (verified)", map[string]string{"DB_HOST": "db", "DB_USER": "app", "DB_NAME": "shop"},
			dbConfig{Host: "db", Port: 3306, User: "app", Name: "shop", TLS: "true"}, ""},
		{"TLS off only when asked", map[string]string{"DB_HOST": "db", "DB_USER": "app", "DB_NAME": "shop", "DB_TLS": "false"},
			dbConfig{Host: "db", Port: 3306, User: "app", Name: "shop", TLS: "false"}, ""},
		{"bad port", map[string]string{"DB_HOST": "db", "DB_USER": "app", "DB_NAME": "shop", "DB_PORT": "99999"}, dbConfig{}, `DB_PORT "99999"`},
		{"no host", map[string]string{"DB_USER": "app", "DB_NAME": "shop"}, dbConfig{}, "no database host"},
		{"no user", map[string]string{"DB_HOST": "db", "DB_NAME": "shop"}, dbConfig{}, "no database user"},
		{"no name", map[string]string{"DB_HOST": "db", "DB_USER": "app"}, dbConfig{}, "no database name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadConfig(context.Background(), getenvFrom(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestDriverSettings(t *testing.T) {
	m := dbConfig{Host: "::1", Port: 3306, User: "u", Password: "p", Name: "d", TLS: "skip-verify"}.mysqlConfig()
	if m.Addr != "[::1]:3306" || m.Net != "tcp" || m.Timeout != 2*time.Second || m.ReadTimeout != 3*time.Second ||
		m.WriteTimeout != 3*time.Second || !m.ParseTime || m.TLSConfig != "skip-verify" || m.DBName != "d" ||
		!m.InterpolateParams || len(m.Params) != 0 {
		t.Errorf("driver config %+v", m)
	}
}
