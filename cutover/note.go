package cutover

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/strangler-fig/strangler/awslimits"
)

// Who changed a weight.
const (
	ByFallback = "fallback" // the fallback Lambda, on an alarm
	ByShift    = "shift"    // a person, with the cutover command
)

// Note is the last change of a route's weight, stored as JSON under its n: key.
type Note struct {
	Weight int    `json:"weight"`
	By     string `json:"by"`
	Reason string `json:"reason"`
	// Alarm that caused a fallback; empty for a shift.
	Alarm string `json:"alarm,omitempty"`
	// At is when the weight was written, RFC3339 in UTC.
	At time.Time `json:"at"`
}

// ellipsis ends a reason cut to fit the store's value size.
const ellipsis = "…"

// EncodeNote writes n as the store keeps it: compact JSON of at most
// awslimits.KeyValueStoreValueBytes, the reason cut (on a character
// boundary, ending in "…") when the whole would not fit.
func EncodeNote(n Note) (string, error) {
	n.At = n.At.UTC().Truncate(time.Second)
	s, err := marshalNote(n)
	if err != nil || len(s) <= awslimits.KeyValueStoreValueBytes {
		return s, err
	}
	runes := []rune(n.Reason)
	// The longest prefix of the reason that fits; JSON escaping makes the
	// size of a prefix uneven, so search rather than compute.
	keep := sort.Search(len(runes)+1, func(i int) bool {
		c := n
		c.Reason = string(runes[:i]) + ellipsis
		s, _ := marshalNote(c)
		return len(s) > awslimits.KeyValueStoreValueBytes
	}) - 1
	if keep < 0 {
		return "", fmt.Errorf("note for weight %d by %s (alarm %q) does not fit the KeyValueStore's %d bytes even without its reason", n.Weight, n.By, n.Alarm, awslimits.KeyValueStoreValueBytes)
	}
	n.Reason = string(runes[:keep]) + ellipsis
	return marshalNote(n)
}

func marshalNote(n Note) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "<" stays one byte, not six
	if err := enc.Encode(n); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// DecodeNote reads a stored note.
func DecodeNote(s string) (Note, error) {
	var n Note
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(&n); err != nil {
		return Note{}, fmt.Errorf("note %q: %v", truncateForError(s), err)
	}
	return n, nil
}

func truncateForError(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
