package parity

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestDiffJSONKinds(t *testing.T) {
	for _, c := range []struct {
		name, a, b string
		want       []Difference
	}{
		{"equal", `{"a":1}`, `{"a":1}`, nil},
		{"renamed", `{"id":1,"name":"W"}`, `{"id":1,"title":"W"}`,
			[]Difference{{Kind: KindFieldRenamed, Where: "/name", To: "/title", Primary: `"W"`, Candidate: `"W"`}}},
		{"renamed to a name sorting first", `{"title":"W"}`, `{"name":"W"}`,
			[]Difference{{Kind: KindFieldRenamed, Where: "/title", To: "/name", Primary: `"W"`, Candidate: `"W"`}}},
		{"number sent as string", `{"price":9.99}`, `{"price":"9.99"}`,
			[]Difference{{Kind: KindNumberAsString, Where: "/price", Primary: "9.99", Candidate: `"9.99"`}}},
		{"string sent as number", `{"id":"7"}`, `{"id":7}`,
			[]Difference{{Kind: KindNumberAsString, Where: "/id", Primary: `"7"`, Candidate: "7"}}},
		{"other number as string is a type change", `{"n":1}`, `{"n":"2"}`,
			[]Difference{{Kind: KindTypeChanged, Where: "/n", Primary: "1", Candidate: `"2"`}}},
		{"value changed", `{"n":1}`, `{"n":2}`,
			[]Difference{{Kind: KindValueChanged, Where: "/n", Primary: "1", Candidate: "2"}}},
		{"field missing and added", `{"a":1,"b":2}`, `{"a":1,"c":3}`,
			[]Difference{{Kind: KindFieldMissing, Where: "/b", Primary: "2", Candidate: "(absent)"},
				{Kind: KindFieldAdded, Where: "/c", Primary: "(absent)", Candidate: "3"}}},
		{"reordered array", `{"items":[{"id":2},{"id":1}],"n":1}`, `{"items":[{"id":1},{"id":2}],"n":1}`,
			[]Difference{{Kind: KindArrayOrder, Where: "/items", Primary: `[{"id":2},{"id":1}]`, Candidate: `[{"id":1},{"id":2}]`}}},
		{"reordered array with repeats differs", `[1,1,2]`, `[1,2,2]`,
			[]Difference{{Kind: KindValueChanged, Where: "/1", Primary: "1", Candidate: "2"}}},
		{"shorter array", `[1,2,3]`, `[1,2]`,
			[]Difference{{Kind: KindItemMissing, Where: "/2", Primary: "3", Candidate: "(absent)"}}},
		{"longer array", `[1]`, `[1,2]`,
			[]Difference{{Kind: KindItemAdded, Where: "/-", Primary: "(absent)", Candidate: "2"}}},
		{"root type", `[1]`, `{"a":1}`,
			[]Difference{{Kind: KindTypeChanged, Where: "", Primary: "[1]", Candidate: `{"a":1}`}}},
		{"nested pointer escaping", `{"a/b":{"c~d":1}}`, `{"a/b":{"c~d":2}}`,
			[]Difference{{Kind: KindValueChanged, Where: "/a~1b/c~0d", Primary: "1", Candidate: "2"}}},
		{"whitespace", `{"a":[1,2]}`, "{ \"a\": [1, 2] }\n",
			[]Difference{{Kind: KindWhitespace, Where: "body", Primary: `{"a":[1,2]}`, Candidate: "{ \"a\": [1, 2] }\n"}}},
		{"key order", `{"a":1,"b":2}`, `{"b":2,"a":1}`,
			[]Difference{{Kind: KindKeyOrder, Where: "body", Primary: `{"a":1,"b":2}`, Candidate: `{"b":2,"a":1}`}}},
		{"number spelling", `{"a":1.0}`, `{"a":1}`,
			[]Difference{{Kind: KindJSONSpelling, Where: "body", Primary: `{"a":1.0}`, Candidate: `{"a":1}`}}},
		{"string escape", `{"a":"\u00e9"}`, `{"a":"é"}`,
			[]Difference{{Kind: KindJSONSpelling, Where: "body", Primary: `{"a":"\u00e9"}`, Candidate: `{"a":"é"}`}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := diffJSON([]byte(c.a), []byte(c.b))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// Property: diffJSON finds nothing that counts exactly when the documents
// hold equal values, and never panics.
func FuzzDiffJSON(f *testing.F) {
	for _, s := range [][2]string{
		{`{"a":1}`, `{"a":"1"}`}, {`[1,2]`, `[2,1]`}, {`{"a":{"b":[1,{"c":2}]}}`, `{"a":{"b":[{"c":2},1]}}`},
		{`{"x":1,"y":1}`, `{"z":1}`}, {`null`, `{}`}, {`{"a":1.5e3}`, `{"a":1500}`},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !json.Valid([]byte(a)) || !json.Valid([]byte(b)) {
			return
		}
		var av, bv any
		json.Unmarshal([]byte(a), &av)
		json.Unmarshal([]byte(b), &bv)
		counting := 0
		for _, d := range diffJSON([]byte(a), []byte(b)) {
			if !d.Kind.Cosmetic() {
				counting++
			}
		}
		if equal := reflect.DeepEqual(av, bv); equal != (counting == 0) {
			t.Errorf("%s vs %s: equal values %v but %d counting difference(s)", a, b, equal, counting)
		}
	})
}

func TestRecordsReorderedAndChangedAreMatchedByID(t *testing.T) {
	a := `{"products":[{"id":1,"title":"W","stock":"5"},{"id":2,"title":"G","stock":"8"}]}`
	b := `{"products":[{"id":2,"name":"G","stock":8},{"id":1,"name":"W","stock":5}]}`
	got := diffJSON([]byte(a), []byte(b))
	want := []Difference{
		{Kind: KindArrayOrder, Where: "/products", Primary: "id: [1,2]", Candidate: "id: [2,1]"},
		{Kind: KindNumberAsString, Where: "/products/0/stock", Primary: `"5"`, Candidate: "5"},
		{Kind: KindNumberAsString, Where: "/products/1/stock", Primary: `"8"`, Candidate: "8"},
		{Kind: KindFieldRenamed, Where: "/products/0/title", To: "/products/0/name", Primary: `"W"`, Candidate: `"W"`},
		{Kind: KindFieldRenamed, Where: "/products/1/title", To: "/products/1/name", Primary: `"G"`, Candidate: `"G"`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// Without a shared id, items are compared by position.
	got = diffJSON([]byte(`[{"n":1},{"n":2}]`), []byte(`[{"n":2},{"n":3}]`))
	if len(got) != 2 || got[0].Kind != KindValueChanged {
		t.Errorf("by position: %+v", got)
	}
}
