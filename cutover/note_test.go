package cutover

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/strangler-fig/strangler/awslimits"
)

var at = time.Date(2025, 3, 3, 10, 4, 5, 0, time.UTC)

func TestEncodeNoteIsTheContract(t *testing.T) {
	s, err := EncodeNote(Note{Weight: 0, By: ByFallback, Reason: "Throttles > 0 <now>", Alarm: "api-user-id-throttles", At: at.Add(700 * time.Millisecond).In(time.FixedZone("CET", 3600))})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"weight":0,"by":"fallback","reason":"Throttles > 0 <now>","alarm":"api-user-id-throttles","at":"2025-03-03T10:04:05Z"}`
	if s != want {
		t.Errorf("got  %s\nwant %s", s, want)
	}
	s, _ = EncodeNote(Note{Weight: 10, By: ByShift, Reason: "step 2", At: at})
	if strings.Contains(s, "alarm") {
		t.Errorf("a shift's note names no alarm: %s", s)
	}
	n, err := DecodeNote(s)
	if err != nil || n.Weight != 10 || n.By != ByShift || !n.At.Equal(at) {
		t.Errorf("DecodeNote = %+v, %v", n, err)
	}
}

// Any reason, however long or full of characters JSON escapes, gives a
// note within the store's value size that decodes, with the reason cut
// on a character boundary and marked.
func TestEncodeNoteFitsTheStore(t *testing.T) {
	alphabet := []rune("ab <>&\"\\\n\x01é€😀")
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		var b strings.Builder
		for range r.IntN(3000) {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		reason := b.String()
		s, err := EncodeNote(Note{Weight: 0, By: ByFallback, Reason: reason, Alarm: strings.Repeat("A", 255), At: at})
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if len(s) > awslimits.KeyValueStoreValueBytes {
			t.Fatalf("case %d: %d bytes", i, len(s))
		}
		n, err := DecodeNote(s)
		if err != nil || !utf8.ValidString(n.Reason) {
			t.Fatalf("case %d: %v %q", i, err, n.Reason)
		}
		if n.Reason != reason {
			cut := strings.TrimSuffix(n.Reason, ellipsis)
			if cut == n.Reason || !strings.HasPrefix(reason, cut) {
				t.Fatalf("case %d: reason %q is not a marked prefix of the original", i, n.Reason)
			}
			// Cut no more than needed: one more character would not fit.
			longer := Note{Weight: 0, By: ByFallback, Reason: string([]rune(reason)[:utf8.RuneCountInString(cut)+1]) + ellipsis, Alarm: strings.Repeat("A", 255), At: at}
			if s2, _ := marshalNote(longer); len(s2) <= awslimits.KeyValueStoreValueBytes {
				t.Fatalf("case %d: cut at %d characters, %d would fit", i, utf8.RuneCountInString(cut), utf8.RuneCountInString(cut)+1)
			}
		}
	}
}

func TestEncodeNoteRefusesWhatCannotFit(t *testing.T) {
	if _, err := EncodeNote(Note{By: ByFallback, Reason: "x", Alarm: strings.Repeat("A", 1100), At: at}); err == nil || !strings.Contains(err.Error(), "1024") {
		t.Errorf("err = %v", err)
	}
}

func TestDecodeNoteNamesTheBadValue(t *testing.T) {
	if _, err := DecodeNote("weight=0"); err == nil || !strings.Contains(err.Error(), `"weight=0"`) {
		t.Errorf("err = %v", err)
	}
}

// Fuzz form of TestEncodeNoteFitsTheStore: any valid reason gives a note
// that fits and decodes to the reason or a marked prefix of it.
func FuzzEncodeNote(f *testing.F) {
	for _, s := range []string{"", "Threshold Crossed", strings.Repeat("\x01", 400), strings.Repeat("€", 500)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, reason string) {
		if !utf8.ValidString(reason) {
			return
		}
		s, err := EncodeNote(Note{By: ByShift, Reason: reason, At: at})
		if err != nil || len(s) > awslimits.KeyValueStoreValueBytes {
			t.Fatalf("%d bytes, %v", len(s), err)
		}
		n, err := DecodeNote(s)
		if err != nil || n.Reason != reason && !strings.HasPrefix(reason, strings.TrimSuffix(n.Reason, ellipsis)) {
			t.Fatalf("decoded %q, %v", n.Reason, err)
		}
	})
}
