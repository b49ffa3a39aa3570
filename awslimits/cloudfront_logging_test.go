package awslimits

import "testing"

func TestParquetColumnAsAthenasTable(t *testing.T) {
	// Column names of Athena's CREATE TABLE for logging v2 Parquet.
	for field, want := range map[string]string{
		"cs-uri-stem": "cs_uri_stem", "cs(Host)": "cs_host", "cs(User-Agent)": "cs_user_agent",
		"cs(Referer)": "cs_referer", "time-taken": "time_taken", "date": "date", "x-host-header": "x_host_header",
	} {
		if got := ParquetColumn(field); got != want {
			t.Errorf("ParquetColumn(%q) = %q, want %q", field, got, want)
		}
	}
}

func TestAthenaCostHasAMinimum(t *testing.T) {
	if got := AthenaCostUSD(1); got != AthenaCostUSD(AthenaMinBytesBilledPerQuery) {
		t.Errorf("1 byte costs %v, want the 10 MB minimum", got)
	}
	if got := AthenaCostUSD(2e12); got != 10 {
		t.Errorf("2 TB costs %v, want 10", got)
	}
}
