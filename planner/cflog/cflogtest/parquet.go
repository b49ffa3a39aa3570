package cflogtest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/planner/cflog"
)

// parquetSchema is a logging v2 Parquet file with every field of
// cflog.DefaultFields as an optional string column, named as in Athena's
// table over logging v2 Parquet (awslimits.ParquetColumn: "cs_uri_stem",
// "cs_host"; that table declares every column string). "-" is written as
// null.
func parquetSchema() (*parquet.Schema, []int) {
	names := strings.Fields(cflog.DefaultFields)
	g := parquet.Group{}
	for i, n := range names {
		names[i] = awslimits.ParquetColumn(n)
		g[names[i]] = parquet.Optional(parquet.String())
	}
	s := parquet.NewSchema("cloudfront_access_logs", g)
	// A Group orders its columns by name: col[i] is field i's column.
	col := make([]int, len(names))
	for i, n := range names {
		leaf, _ := s.Lookup(n)
		col[i] = leaf.ColumnIndex
	}
	return s, col
}

// WriteParquet writes lines to path as a logging v2 Parquet file, with the
// same field values Append writes as text.
func WriteParquet(path string, lines []Line, opts ...parquet.WriterOption) error {
	var text bytes.Buffer
	text.WriteString(Header)
	var b []byte
	for _, l := range lines {
		b = Append(b[:0], l)
		text.Write(b)
	}
	return textToParquet(&text, path, opts)
}

// ParquetFromText writes the request lines of a text or gzipped log (in the
// DefaultFields layout cflogtest writes) to path as Parquet (Snappy pages
// unless opts say otherwise).
func ParquetFromText(textPath, path string, opts ...parquet.WriterOption) error {
	f, err := os.Open(textPath)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(textPath, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		r = zr
	}
	return textToParquet(r, path, opts)
}

func textToParquet(text io.Reader, path string, opts []parquet.WriterOption) error {
	schema, col := parquetSchema()
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	w := parquet.NewWriter(out, append([]parquet.WriterOption{schema, parquet.Compression(&parquet.Snappy)}, opts...)...)
	sc := bufio.NewScanner(text)
	sc.Buffer(nil, 1<<20)
	rows := make([]parquet.Row, 0, 1024)
	flush := func() error {
		_, err := w.WriteRows(rows)
		rows = rows[:0]
		return err
	}
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != len(col) {
			return fmt.Errorf("%s: %d fields, want %d", path, len(fields), len(col))
		}
		row := make(parquet.Row, len(col))
		for i, v := range fields {
			if v == "-" {
				row[col[i]] = parquet.NullValue().Level(0, 0, col[i])
			} else {
				row[col[i]] = parquet.ByteArrayValue([]byte(v)).Level(0, 1, col[i])
			}
		}
		rows = append(rows, row)
		if len(rows) == cap(rows) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return out.Close()
}
