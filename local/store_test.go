package local

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The file is read again when it changes (as a store write reaches the
// edge); weights given on the command line stay on top.
func TestStoreFollowsItsFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "store.json")
	os.WriteFile(file, []byte(`{"w:/user/{id}": "10", "w:/products": 50}`), 0o644)
	s, err := NewStore(file, map[string]int{"/products": 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, ver := s.Snapshot()
	if v["w:/user/{id}"] != "10" || v["w:/products"] != "0" {
		t.Fatalf("contents %v", v)
	}
	os.WriteFile(file, []byte(`{"w:/user/{id}": "75"}`), 0o644)
	os.Chtimes(file, time.Now().Add(time.Second), time.Now().Add(time.Second))
	s.mu.Lock()
	s.lastCheck = time.Time{}
	s.mu.Unlock()
	v, ver2 := s.Snapshot()
	if v["w:/user/{id}"] != "75" || ver2 == ver {
		t.Errorf("after the write: %v (version %d, was %d)", v, ver2, ver)
	}
}

func TestStoreErrorsSayTheFix(t *testing.T) {
	file := filepath.Join(t.TempDir(), "store.json")
	os.WriteFile(file, []byte(`["w:/x"]`), 0o644)
	if _, err := NewStore(file, nil, nil); err == nil || !strings.Contains(err.Error(), "JSON object of keys and values") {
		t.Errorf("a list: %v", err)
	}
	if _, err := NewStore("", map[string]int{"/x": 101}, nil); err == nil || !strings.Contains(err.Error(), "0 to 100") {
		t.Errorf("weight 101: %v", err)
	}
}

func TestSecretsFromFileAndEnvironment(t *testing.T) {
	file := filepath.Join(t.TempDir(), "secrets.json")
	os.WriteFile(file, []byte(`{"api-user-id": {"DB_HOST": "127.0.0.1", "DB_PASSWORD": "${PW}"}}`), 0o644)
	got, err := LoadSecrets(file, func(k string) string { return map[string]string{"PW": "s3cret"}[k] })
	if err != nil || got["api-user-id"]["DB_PASSWORD"] != "s3cret" || got["api-user-id"]["DB_HOST"] != "127.0.0.1" {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := LoadSecrets(file, func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "api-user-id.DB_PASSWORD needs $PW") {
		t.Errorf("unset variable: %v", err)
	}
}
