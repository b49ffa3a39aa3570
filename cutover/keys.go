package cutover

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/strangler-fig/strangler/awslimits"
)

// Key prefixes of the store's contract with the CloudFront Function.
const (
	WeightPrefix = "w:"
	NotePrefix   = "n:"
)

// MinWeight and MaxWeight bound a route's share of traffic to Lambda, in percent.
const (
	MinWeight = 0
	MaxWeight = 100
)

// WeightKey is the key holding route's share of traffic to Lambda.
func WeightKey(route string) string { return WeightPrefix + route }

// NoteKey is the key holding route's last change.
func NoteKey(route string) string { return NotePrefix + route }

// routeOfKey splits a store key into its prefix and route; ok is false for
// keys this package does not own.
func routeOfKey(key string) (prefix, route string, ok bool) {
	for _, p := range []string{WeightPrefix, NotePrefix} {
		if r, found := strings.CutPrefix(key, p); found && r != "" {
			return p, r, true
		}
	}
	return "", "", false
}

// FormatWeight writes a weight as the store holds it: a decimal integer.
func FormatWeight(percent int) string { return strconv.Itoa(percent) }

// ParseWeight reads a stored weight: one to three decimal digits making
// 0..100, nothing else (no sign, spaces or fraction).
func ParseWeight(s string) (int, error) {
	if s == "" || len(s) > 3 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, fmt.Errorf("weight %q: want a whole number of percent, 0 to 100", s)
	}
	n, _ := strconv.Atoi(s)
	if n > MaxWeight {
		return 0, fmt.Errorf("weight %q: want a whole number of percent, 0 to 100", s)
	}
	return n, nil
}

// checkRoute rejects what cannot be a route key: the manifest's templates
// start with "/" and the key must fit the store.
func checkRoute(route string) error {
	switch {
	case !strings.HasPrefix(route, "/"):
		return fmt.Errorf("route %q: want a path template as in the manifest, starting with /, e.g. /user/{id}", route)
	case len(WeightKey(route)) > awslimits.KeyValueStoreKeyBytes:
		return fmt.Errorf("route %q: its key is %d bytes, over the KeyValueStore's %d", route, len(WeightKey(route)), awslimits.KeyValueStoreKeyBytes)
	}
	return nil
}

// checkPercent rejects a share of traffic outside 0..100.
func checkPercent(route string, percent int) error {
	if percent < MinWeight || percent > MaxWeight {
		return fmt.Errorf("route %s: weight %d is out of range: a share of traffic is %d to %d percent", route, percent, MinWeight, MaxWeight)
	}
	return nil
}
