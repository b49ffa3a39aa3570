package local

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/strangler-fig/strangler/constructs"
)

// Store stands in for the CloudFront KeyValueStore the cut-over function
// reads: a JSON file of keys and values ({"w:/user/{id}": "10"}, the keys
// `cutover shift` writes), read again when it changes, as a store write
// reaches the edge in seconds; weights given on the command line win over
// the file. A key neither has is missing, and the function falls back to
// the manifest's weight, as it does in CloudFront.
type Store struct {
	file      string
	overrides map[string]string

	mu        sync.Mutex
	values    map[string]string
	version   int
	modTime   time.Time
	size      int64
	lastCheck time.Time
	warn      func(error)
}

// storeCheckEvery bounds how often the file is looked at.
const storeCheckEvery = 500 * time.Millisecond

// NewStore reads file (none when "") and lays weights over it: route
// template -> share to Lambda, 0 to 100. warn hears of a file that became
// unreadable (the last good contents stay).
func NewStore(file string, weights map[string]int, warn func(error)) (*Store, error) {
	s := &Store{file: file, overrides: map[string]string{}, warn: warn}
	for t, w := range weights {
		if w < 0 || w > 100 {
			return nil, fmt.Errorf("weight of %s is %d; give 0 to 100", t, w)
		}
		s.overrides[constructs.CutoverWeightKey(t)] = strconv.Itoa(w)
	}
	if file != "" {
		values, mod, size, err := readStoreFile(file)
		if err != nil {
			return nil, err
		}
		s.values, s.modTime, s.size = values, mod, size
	}
	s.version = 1
	return s, nil
}

// Snapshot is the store's contents and a version that changes with them.
func (s *Store) Snapshot() (map[string]string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.file != "" && time.Since(s.lastCheck) >= storeCheckEvery {
		s.lastCheck = time.Now()
		if fi, err := os.Stat(s.file); err == nil && (!fi.ModTime().Equal(s.modTime) || fi.Size() != s.size) {
			values, mod, size, err := readStoreFile(s.file)
			if err != nil {
				if s.warn != nil {
					s.warn(err)
				}
			} else {
				s.values, s.modTime, s.size = values, mod, size
				s.version++
			}
		}
	}
	out := maps.Clone(s.values)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, s.overrides)
	return out, s.version
}

func readStoreFile(file string) (map[string]string, time.Time, int64, error) {
	fi, err := os.Stat(file)
	if err != nil {
		return nil, time.Time{}, 0, fmt.Errorf("store file: %w", err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, time.Time{}, 0, fmt.Errorf("store file: %w", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, time.Time{}, 0, fmt.Errorf("store file %s: %v; write a JSON object of keys and values, e.g. {\"w:/user/{id}\": \"10\"}", file, err)
	}
	values := map[string]string{}
	for k, v := range raw {
		switch v := v.(type) {
		case string:
			values[k] = v
		case float64:
			values[k] = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			return nil, time.Time{}, 0, fmt.Errorf("store file %s: key %q has a %T; values are strings, e.g. \"10\"", file, k, v)
		}
	}
	return values, fi.ModTime(), fi.Size(), nil
}
