package cflog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/parquet-go/parquet-go"
)

// CloudFront logging v2 (AWS::Logs::Delivery with an S3 destination and
// OutputFormat "parquet") writes one row per request, one column per chosen
// field. Athena's table over these files
// (https://docs.aws.amazon.com/athena/latest/ug/create-cloudfront-table-partition-parquet.html)
// names the columns cs_uri_stem, cs_host, time_taken... and its
// ParquetHiveSerDe maps columns by name, so that is how the files spell
// them (awslimits.ParquetColumn); the v2 field names ("cs-uri-stem",
// "cs(Host)", as in the W3C text and Athena's JSON-format table) are
// accepted too. Not confirmed against a real v2 file (there is no AWS
// account here): whether v2 writes numbers as strings (Athena's DDL
// declares every column string) or as integers, so both are read; and the
// exact content of "timestamp" (read here as Unix seconds, possibly with a
// fraction) next to "timestamp(ms)" (Unix milliseconds).

// Parquet values are turned into the tab-separated layout below and parsed by
// the same Parser as text logs: one validation, so the same requests give the
// same records whichever way they were stored.
const parquetFields = "date time cs-method cs-uri-stem sc-status sc-bytes time-taken cs(Host) x-host-header cs-uri-query"

// Positions in parquetFields, and the extra v2 time columns.
const (
	pqDate = iota
	pqTime
	pqMethod
	pqStem
	pqStatus
	pqBytes
	pqTimeTaken
	pqHost
	pqXHost
	pqQuery
	pqTimestamp   // "timestamp": Unix seconds
	pqTimestampMs // "timestamp(ms)": Unix milliseconds
	pqCount
)

var parquetNames = map[string]int{
	"date": pqDate, "time": pqTime, "cs-method": pqMethod, "cs-uri-stem": pqStem,
	"sc-status": pqStatus, "sc-bytes": pqBytes, "time-taken": pqTimeTaken,
	"cs(host)": pqHost, "cs-host": pqHost, "x-host-header": pqXHost, "cs-uri-query": pqQuery,
	"timestamp": pqTimestamp, "timestamp(ms)": pqTimestampMs,
}

var parquetColumns = func() *Columns {
	c, err := ParseFields(parquetFields)
	if err != nil {
		panic(err)
	}
	return c
}()

// parquetMagic starts and ends every Parquet file.
var parquetMagic = []byte("PAR1")

// IsParquetName reports whether a file name says Parquet.
func IsParquetName(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".parquet")
}

// ReaderAtSource is a Source that can be read at offsets, as Parquet
// needs: its index is at the end and only the wanted columns are fetched.
type ReaderAtSource interface {
	Source
	// OpenReaderAt returns random access to the stored bytes; ctx bounds
	// the reads made through it.
	OpenReaderAt(ctx context.Context) (io.ReaderAt, io.Closer, error)
}

// countingReaderAt adds the bytes read to a shared counter.
type countingReaderAt struct {
	r io.ReaderAt
	n *atomic.Int64
}

func (c countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	if c.n != nil {
		c.n.Add(int64(n))
	}
	return n, err
}

// parquetBatch is the number of rows read from each column at a time.
const parquetBatch = 1024

// splitParquet reads the columns the planner uses from a Parquet file
// (column projection: the others are never fetched) and emits them as
// chunks of lines in the parquetFields layout; Line numbers are 1-based
// row numbers in the file. A file that cannot be opened, lacks the needed
// columns, or is damaged is reported in the summary's Problem, after the
// rows read before the damage.
func splitParquet(ctx context.Context, src Source, pool *BufferPool, storedRead *atomic.Int64, emit func(*Chunk), report func(Problem)) (sum FileSummary) {
	// A decoder panic on damaged input costs that file, not the analysis.
	defer func() {
		if r := recover(); r != nil {
			sum.Problem = &Problem{File: src.Name(), Line: sum.Lines + 1, Reason: fmt.Sprintf("reading stopped here: damaged Parquet data (decoder panic: %v)", r)}
		}
	}()
	fail := func(line int64, format string, args ...any) FileSummary {
		sum.Problem = &Problem{File: src.Name(), Line: line, Reason: fmt.Sprintf(format, args...)}
		return sum
	}
	ras, ok := src.(ReaderAtSource)
	if !ok || src.Size() < 0 {
		return fail(0, "a Parquet file needs random access and a known size; this source has neither")
	}
	ra, closer, err := ras.OpenReaderAt(ctx)
	if err != nil {
		return fail(0, "cannot open: %v", err)
	}
	defer closer.Close()
	f, err := parquet.OpenFile(countingReaderAt{ra, storedRead}, src.Size(),
		parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true), parquet.ReadBufferSize(256<<10))
	if err != nil {
		return fail(0, "not a readable Parquet file: %v", err)
	}
	// Column projection: find the leaf columns by name.
	index := [pqCount]int{}
	for i := range index {
		index[i] = -1
	}
	for _, path := range f.Schema().Columns() {
		if len(path) != 1 {
			continue
		}
		name := strings.ReplaceAll(strings.ToLower(path[0]), "_", "-")
		if k, ok := parquetNames[name]; ok {
			leaf, _ := f.Schema().Lookup(path...)
			index[k] = leaf.ColumnIndex
		}
	}
	hasClock := index[pqDate] >= 0 && index[pqTime] >= 0
	if index[pqStem] < 0 || !hasClock && index[pqTimestamp] < 0 && index[pqTimestampMs] < 0 {
		return fail(0, "not a CloudFront log: the Parquet file lacks cs-uri-stem, or date and time (or timestamp); logging v2 must deliver them")
	}
	if hasClock { // date and time win, as in text logs
		index[pqTimestamp], index[pqTimestampMs] = -1, -1
	} else if index[pqTimestampMs] >= 0 {
		index[pqTimestamp] = -1
	}

	buf, err := pool.get(ctx)
	if err != nil {
		return fail(0, "%v", err)
	}
	row := int64(1)  // row number of the first line in buf
	next := int64(1) // row number of the next row
	flush := func() bool {
		if len(buf) == 0 {
			return true
		}
		emit(&Chunk{File: src.Name(), FirstLine: row, Columns: parquetColumns, Data: buf, pool: pool})
		row = next
		buf, err = pool.get(ctx)
		return err == nil
	}
	defer func() {
		if buf != nil {
			pool.put(buf)
		}
	}()
	var cursors [pqCount]*columnCursor
	var vals [pqCount][]parquet.Value
	for k := range vals {
		vals[k] = make([]parquet.Value, parquetBatch)
	}
	var line []byte
	for _, rg := range f.RowGroups() {
		chunks := rg.ColumnChunks()
		for k, i := range index {
			cursors[k] = nil
			if i >= 0 {
				cursors[k] = &columnCursor{pages: chunks[i].Pages()}
			}
		}
		left := rg.NumRows()
		for left > 0 {
			if err := ctx.Err(); err != nil {
				closeCursors(&cursors)
				return fail(next, "%v", err)
			}
			want := int(min(left, parquetBatch))
			for k, c := range cursors {
				if c == nil {
					continue
				}
				n, err := c.read(vals[k][:want])
				if err == nil && n < want {
					err = fmt.Errorf("column %d ends %d rows early", index[k], want-n)
				}
				if err != nil {
					closeCursors(&cursors)
					if !flush() {
						return fail(next, "%v", err)
					}
					return fail(next, "reading stopped here: damaged Parquet data: %v", err)
				}
			}
			for r := range want {
				line = appendParquetRow(line[:0], &cursors, &vals, r)
				if len(line) > ChunkSize {
					// As an over-long text line: reported and skipped; the
					// chunks keep consecutive row numbers.
					report(Problem{File: src.Name(), Line: next, Reason: fmt.Sprintf("row longer than %d bytes, skipped", ChunkSize)})
					if !flush() {
						closeCursors(&cursors)
						return fail(next, "%v", ctx.Err())
					}
					next++
					row = next
					continue
				}
				if len(buf)+len(line) > cap(buf) && !flush() {
					closeCursors(&cursors)
					return fail(next, "%v", ctx.Err())
				}
				buf = append(buf, line...)
				sum.UncompressedSize += int64(len(line))
				sum.Lines++
				next++
			}
			left -= int64(want)
		}
		closeCursors(&cursors)
	}
	if !flush() {
		return fail(next, "%v", ctx.Err())
	}
	return sum
}

func closeCursors(cs *[pqCount]*columnCursor) {
	for _, c := range cs {
		if c != nil {
			c.pages.Close()
		}
	}
}

// columnCursor reads the values of one column chunk across its pages.
type columnCursor struct {
	pages  parquet.Pages
	values parquet.ValueReader
}

// read fills dst; fewer values than asked only at the end of the chunk.
func (c *columnCursor) read(dst []parquet.Value) (int, error) {
	n := 0
	for n < len(dst) {
		if c.values == nil {
			p, err := c.pages.ReadPage()
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			if err != nil {
				return n, err
			}
			c.values = p.Values()
		}
		m, err := c.values.ReadValues(dst[n:])
		n += m
		if errors.Is(err, io.EOF) {
			c.values = nil
		} else if err != nil {
			return n, err
		}
	}
	return n, nil
}

// appendParquetRow writes row r as a tab-separated line in parquetFields
// order; absent and null values are "-" as in text logs.
func appendParquetRow(b []byte, cs *[pqCount]*columnCursor, vals *[pqCount][]parquet.Value, r int) []byte {
	switch {
	case cs[pqTimestampMs] != nil:
		b = appendDateTime(b, vals[pqTimestampMs][r], 1000)
	case cs[pqTimestamp] != nil:
		b = appendDateTime(b, vals[pqTimestamp][r], 1)
	default:
		b = appendValue(b, vals[pqDate][r])
		b = append(b, '\t')
		b = appendValue(b, vals[pqTime][r])
	}
	for k := pqMethod; k <= pqQuery; k++ {
		b = append(b, '\t')
		if cs[k] == nil {
			b = append(b, '-')
			continue
		}
		b = appendValue(b, vals[k][r])
	}
	return append(b, '\n')
}

// appendValue writes a value as text logs would: strings as stored (tab,
// CR and LF, which CloudFront URL-encodes, are encoded so that they cannot
// split the line), numbers in decimal, null as "-".
func appendValue(b []byte, v parquet.Value) []byte {
	if v.IsNull() {
		return append(b, '-')
	}
	switch v.Kind() {
	case parquet.ByteArray, parquet.FixedLenByteArray:
		s := v.ByteArray()
		if len(s) == 0 {
			return append(b, '-')
		}
		for _, ch := range s {
			switch ch {
			case '\t':
				b = append(b, "%09"...)
			case '\n':
				b = append(b, "%0A"...)
			case '\r':
				b = append(b, "%0D"...)
			default:
				b = append(b, ch)
			}
		}
		return b
	case parquet.Int32:
		return strconv.AppendInt(b, int64(v.Int32()), 10)
	case parquet.Int64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case parquet.Float:
		return strconv.AppendFloat(b, float64(v.Float()), 'f', -1, 32)
	case parquet.Double:
		return strconv.AppendFloat(b, v.Double(), 'f', -1, 64)
	}
	return append(b, '?') // booleans and INT96 are no CloudFront field: the row fails to parse
}

// appendDateTime writes "YYYY-MM-DD\tHH:MM:SS" for a Unix time in 1/perSecond
// units, stored as an integer or a decimal string; "-\t-" (a malformed row)
// when it is neither.
func appendDateTime(b []byte, v parquet.Value, perSecond int64) []byte {
	var secs int64
	ok := !v.IsNull()
	switch v.Kind() {
	case parquet.Int32:
		secs = int64(v.Int32()) / perSecond
	case parquet.Int64:
		secs = v.Int64() / perSecond
	case parquet.Double:
		secs = int64(v.Double()) / perSecond
	case parquet.ByteArray:
		s := string(v.ByteArray())
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			secs = n / perSecond
		} else if f, err := strconv.ParseFloat(s, 64); err == nil {
			secs = int64(f) / perSecond
		} else {
			ok = false
		}
	default:
		ok = false
	}
	if !ok || secs < 0 {
		return append(b, "-\t-"...)
	}
	return time.Unix(secs, 0).UTC().AppendFormat(b, "2006-01-02\t15:04:05")
}
