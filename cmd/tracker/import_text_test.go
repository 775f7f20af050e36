package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// encodeUTF16 writes s as UTF-16 in byte order bo, after bom.
func encodeUTF16(s string, bo binary.ByteOrder, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	b := make([]byte, 2*len(units))
	for i, u := range units {
		bo.PutUint16(b[2*i:], u)
	}
	return b
}

// withoutIDs is an export with each row's figure id (new at each import)
// replaced, in a fixed order.
func withoutIDs(export string) string {
	lines := strings.Split(export, "\n")
	for i, l := range lines {
		if id, _, ok := strings.Cut(l, ","); ok && id != "" && i > 0 {
			lines[i] = strings.ReplaceAll(l, id, "ID")
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// A file saved as UTF-16 ("Unicode" CSV), with or without a byte-order
// mark, imports as its UTF-8 twin does: the same rows, the same export.
// UTF-32 is refused with what to do, and nothing is written.
func TestImportUTF16(t *testing.T) {
	dir := t.TempDir()
	figures, err := os.ReadFile(demoFigures)
	if err != nil {
		t.Fatal(err)
	}
	events, err := os.ReadFile(demoEvents)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := func() (string, string, error) {
		dsn := filepath.Join(dir, "utf8.db")
		withOrgs(t, dsn, demoOrgs...)
		if _, errOut, err := tracker(t, nil, "import", "--db", dsn, "--events", demoEvents, demoFigures); err != nil {
			t.Fatalf("UTF-8: %v\n%s", err, errOut)
		}
		return tracker(t, nil, "export", "--db", dsn)
	}()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		bo   binary.ByteOrder
		bom  bool
	}{
		{"le-bom", binary.LittleEndian, true},
		{"be-bom", binary.BigEndian, true},
		{"le", binary.LittleEndian, false},
		{"be", binary.BigEndian, false},
	} {
		f, e := filepath.Join(dir, tt.name+".csv"), filepath.Join(dir, tt.name+"-events.csv")
		os.WriteFile(f, encodeUTF16(string(figures), tt.bo, tt.bom), 0o644)
		os.WriteFile(e, encodeUTF16(string(events), tt.bo, tt.bom), 0o644)
		dsn := filepath.Join(dir, tt.name+".db")
		withOrgs(t, dsn, demoOrgs...)
		out, errOut, err := tracker(t, nil, "import", "--db", dsn, "--events", e, f)
		if err != nil || !strings.Contains(out, "12 rows — 12 created") || !strings.Contains(out, "4 rows — 4 created") {
			t.Errorf("%s: %v\n%s%s", tt.name, err, out, errOut)
			continue
		}
		if got, _, _ := tracker(t, nil, "export", "--db", dsn); withoutIDs(got) != withoutIDs(want) {
			t.Errorf("%s: the export differs from the UTF-8 file's", tt.name)
		}
	}

	utf32 := append([]byte{0xFF, 0xFE, 0, 0}, 's', 0, 0, 0)
	f := filepath.Join(dir, "utf32.csv")
	os.WriteFile(f, utf32, 0o644)
	dsn := filepath.Join(dir, "utf32.db")
	_, errOut, err := tracker(t, nil, "import", "--db", dsn, f)
	if err == nil || !strings.Contains(errOut, "utf32.csv: line 1: the file is UTF-32; save it as UTF-8") {
		t.Errorf("UTF-32: %v\n%s", err, errOut)
	}
	if strings.Contains(errOut, "unknown column") {
		t.Errorf("UTF-32 read as columns:\n%s", errOut)
	}
}

// Text over its limit is refused by `tracker import`, in figures and in
// events, naming the file, the line, the column and the limit; nothing is
// written.
func TestImportRefusesOverlongText(t *testing.T) {
	dir := t.TempDir()
	long := func(n int) string { return strings.Repeat("ب", n) }
	figures := filepath.Join(dir, "figures.csv")
	os.WriteFile(figures, []byte("series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n"+
		"s,persons,2025-01-01,12,"+long(301)+",IOM,Report,https://example.org/r,Twelve.\n"+
		"s,persons,2025-01-02,13,IOM,IOM,Report,https://example.org/r,"+long(5001)+"\n"+
		"s,persons,2025-01-03,14,IOM,IOM,Report,https://example.org/r,"+long(5000)+"\n"), 0o644)
	events := filepath.Join(dir, "events.csv")
	os.WriteFile(events, []byte("date,title,kind,source_publisher,source_title,source_url,excerpt\n"+
		"2025-01-01,"+long(301)+",deadline,IOM,Report,https://example.org/r,The deadline.\n"), 0o644)
	dsn := filepath.Join(dir, "t.db")
	_, errOut, err := tracker(t, nil, "import", "--db", dsn, "--events", events, figures)
	if err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err = %v\n%s", err, errOut)
	}
	for _, want := range []string{
		"figures.csv: line 2, column attributed_to: is 301 characters long; the limit is 300",
		"figures.csv: line 3, column excerpt: is 5001 characters long; the limit is 5000",
		"events.csv: line 2, column title: is 301 characters long; the limit is 300",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%.2000s", want, errOut)
		}
	}
	if strings.Contains(errOut, "line 4, column excerpt") {
		t.Errorf("an excerpt at the limit was refused:\n%.2000s", errOut)
	}
	if out, _, err := tracker(t, nil, "export", "--db", dsn); err != nil || strings.Count(out, "\n") != 2 {
		t.Errorf("after a rejected import the export has rows: %v\n%s", err, out)
	}
}
