package parity

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/wI2L/jsondiff"
)

// diffJSON compares two valid JSON documents as values. The RFC 6902 patch
// jsondiff computes from a to b is read back as kinds of difference.
func diffJSON(a, b []byte) []Difference {
	var av, bv any
	if json.Unmarshal(a, &av) != nil || json.Unmarshal(b, &bv) != nil {
		return []Difference{{Kind: KindBodyBytes, Where: "body", Primary: snippet(a), Candidate: snippet(b)}}
	}
	if reflect.DeepEqual(av, bv) {
		if d, ok := cosmetic(a, b); ok {
			return []Difference{d}
		}
		return nil
	}
	var out []Difference
	// Arrays holding the same items in another order are one difference,
	// not one per index: note them and compare the rest as if in order.
	bv = unreorder(av, bv, "", &out)
	patch, err := jsondiff.CompareWithoutMarshal(av, bv)
	if err != nil {
		return append(out, Difference{Kind: KindBodyBytes, Where: "body", Primary: snippet(a), Candidate: snippet(b)})
	}
	var removed, added []jsondiff.Operation
	for _, op := range patch {
		switch op.Type {
		case jsondiff.OperationRemove:
			removed = append(removed, op)
		case jsondiff.OperationAdd:
			if op.Path == "" { // the root changed type
				out = append(out, Difference{Kind: KindTypeChanged, Where: "", Primary: value(av), Candidate: value(bv)})
				continue
			}
			added = append(added, op)
		case jsondiff.OperationReplace:
			out = append(out, replaced(op))
		}
	}
	// A member removed and another added under the same parent with the
	// same value is a rename.
	for i := 0; i < len(removed); i++ {
		r := removed[i]
		for j, ad := range added {
			if parent(r.Path) == parent(ad.Path) && !isIndex(last(r.Path)) && reflect.DeepEqual(r.OldValue, ad.Value) {
				out = append(out, Difference{Kind: KindFieldRenamed, Where: r.Path, To: ad.Path, Primary: value(r.OldValue), Candidate: value(ad.Value)})
				removed = slices.Delete(removed, i, i+1)
				added = slices.Delete(added, j, j+1)
				i--
				break
			}
		}
	}
	for _, r := range removed {
		k := KindFieldMissing
		if isIndex(last(r.Path)) {
			k = KindItemMissing
		}
		out = append(out, Difference{Kind: k, Where: r.Path, Primary: value(r.OldValue), Candidate: "(absent)"})
	}
	for _, ad := range added {
		k := KindFieldAdded
		if l := last(ad.Path); l == "-" || isIndex(l) {
			k = KindItemAdded
		}
		out = append(out, Difference{Kind: k, Where: ad.Path, Primary: "(absent)", Candidate: value(ad.Value)})
	}
	return out
}

func replaced(op jsondiff.Operation) Difference {
	d := Difference{Kind: KindValueChanged, Where: op.Path, Primary: value(op.OldValue), Candidate: value(op.Value)}
	switch {
	case sameNumber(op.OldValue, op.Value) || sameNumber(op.Value, op.OldValue):
		d.Kind = KindNumberAsString
	case jsonType(op.OldValue) != jsonType(op.Value):
		d.Kind = KindTypeChanged
	}
	return d
}

// sameNumber: n is a JSON number and s a string spelling the same number.
func sameNumber(n, s any) bool {
	f, ok1 := n.(float64)
	str, ok2 := s.(string)
	if !ok1 || !ok2 {
		return false
	}
	g, err := strconv.ParseFloat(strings.TrimSpace(str), 64)
	return err == nil && f == g
}

func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}

// unreorder walks a and b together. Where both hold arrays of the same
// items in another order it records an array-order difference and returns
// b with a's order there, so the patch shows only real changes.
func unreorder(a, b any, ptr string, out *[]Difference) any {
	switch av := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok {
			return b
		}
		for k, x := range av {
			if y, ok := bm[k]; ok {
				bm[k] = unreorder(x, y, ptr+"/"+escapePointer(k), out)
			}
		}
		return bm
	case []any:
		bs, ok := b.([]any)
		if !ok || len(bs) != len(av) || reflect.DeepEqual(av, bs) {
			return b
		}
		if sameItems(av, bs) {
			*out = append(*out, Difference{Kind: KindArrayOrder, Where: ptr, Primary: value(av), Candidate: value(bs)})
			return av
		}
		if key, perm := byIdentity(av, bs); perm != nil {
			// The same records (by their id) in another order, some of
			// them changed: say so once, then compare each record with
			// its counterpart.
			*out = append(*out, Difference{Kind: KindArrayOrder, Where: ptr, Primary: ids(av, key), Candidate: ids(bs, key)})
			aligned := make([]any, len(bs))
			for i, j := range perm {
				aligned[i] = bs[j]
			}
			bs = aligned
		}
		for i := range av {
			bs[i] = unreorder(av[i], bs[i], ptr+"/"+strconv.Itoa(i), out)
		}
		return bs
	}
	return b
}

// identityKeys are the members that name a record in an array of objects.
var identityKeys = []string{"id", "ID", "Id", "_id", "uuid", "key"}

// byIdentity finds a member that every object of both arrays has, with a
// scalar value unique within each array and the same set of values on
// both sides, in a different order; perm[i] is the index in b of a[i]'s
// record. It returns nil when there is no such member or the order is the
// same.
func byIdentity(a, b []any) (string, []int) {
	for _, key := range identityKeys {
		index := map[any]int{}
		ok := true
		for j, y := range b {
			m, isObj := y.(map[string]any)
			id, has := m[key]
			if !isObj || !has || !isScalar(id) {
				ok = false
				break
			}
			if _, dup := index[id]; dup {
				ok = false
				break
			}
			index[id] = j
		}
		if !ok {
			continue
		}
		perm := make([]int, len(a))
		moved := false
		for i, x := range a {
			m, isObj := x.(map[string]any)
			j, found := index[m[key]]
			if !isObj || !found {
				ok = false
				break
			}
			delete(index, m[key]) // a repeated id in a does not match twice
			perm[i] = j
			moved = moved || i != j
		}
		if ok && moved {
			return key, perm
		}
	}
	return "", nil
}

func isScalar(v any) bool {
	switch v.(type) {
	case string, float64:
		return true
	}
	return false
}

// ids shows an array of records by their ids: "id: [2,1]".
func ids(items []any, key string) string {
	vals := make([]any, len(items))
	for i, x := range items {
		vals[i] = x.(map[string]any)[key]
	}
	return shorten(key + ": " + canonical(vals))
}

// sameItems: the two arrays hold the same items, counted with repeats.
func sameItems(a, b []any) bool {
	count := map[string]int{}
	for _, x := range a {
		count[canonical(x)]++
	}
	for _, y := range b {
		k := canonical(y)
		if count[k] == 0 {
			return false
		}
		count[k]--
	}
	return true
}

// canonical encodes a decoded value with object members sorted.
func canonical(v any) string {
	b, _ := json.Marshal(v) // maps are written in key order
	return string(b)
}

func value(v any) string { return shorten(canonical(v)) }

// cosmetic says how two documents holding equal values still differ.
func cosmetic(a, b []byte) (Difference, bool) {
	if bytes.Equal(a, b) {
		return Difference{}, false
	}
	d := Difference{Where: "body", Primary: snippet(a), Candidate: snippet(b)}
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) == nil && json.Compact(&cb, b) == nil && bytes.Equal(ca.Bytes(), cb.Bytes()) {
		d.Kind = KindWhitespace
		return d, true
	}
	if sortedSpelling(a) == sortedSpelling(b) {
		d.Kind = KindKeyOrder
	} else {
		d.Kind = KindJSONSpelling
	}
	return d, true
}

// sortedSpelling writes a document with object members sorted by name and
// every other token spelled as it was (numbers, string escapes), so only
// member order is taken away.
func sortedSpelling(raw []byte) string {
	var b strings.Builder
	writeSorted(&b, bytes.TrimSpace(raw))
	return b.String()
}

func writeSorted(b *strings.Builder, raw []byte) {
	switch {
	case len(raw) > 0 && raw[0] == '{':
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			b.Write(raw)
			return
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			b.Write(kb)
			b.WriteByte(':')
			writeSorted(b, bytes.TrimSpace(m[k]))
		}
		b.WriteByte('}')
	case len(raw) > 0 && raw[0] == '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			b.Write(raw)
			return
		}
		b.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				b.WriteByte(',')
			}
			writeSorted(b, bytes.TrimSpace(it))
		}
		b.WriteByte(']')
	default:
		b.Write(raw)
	}
}

// JSON Pointer helpers (RFC 6901).

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

func escapePointer(s string) string { return pointerEscaper.Replace(s) }

func parent(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return ""
}

func last(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
