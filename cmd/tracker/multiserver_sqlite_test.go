package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServersAndImportOnOneSQLiteFile: two `tracker serve` processes on one
// SQLite file, and a `tracker import` from a third. Each server keeps the
// dataset version in memory and serves its cached pages without asking
// the database; the import, which neither server made, must still reach
// the public through both, within a second (store/watch.go; the 5 s here
// is how long a loaded machine may take, not the promise).
func TestServersAndImportOnOneSQLiteFile(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "tracker.db")
	a := msStartServer(t, "A", "--db", dsn) // loads the demo
	if a == nil {
		t.FailNow()
	}
	b := msStartServer(t, "B", "--db", dsn)
	if b == nil {
		t.FailNow()
	}
	const slug = "afg-repatriated-from-pak-cumulative-pak-gov"
	const sentence = "Exactly 1,234,567 people were counted crossing at Torkham and Chaman in the one-file test."
	anon := msNewBrowser(t)
	tags := map[string]string{}
	for _, p := range []*msServer{a, b} {
		for _, path := range []string{"/series/" + slug, "/series/" + slug + "/chart.svg", "/api/v1/series/" + slug + "/figures"} {
			for range 2 { // the second from the cache
				resp, body := anon.get(p.url + path)
				if resp.StatusCode != 200 || strings.Contains(body, "1,234,567") || strings.Contains(body, "1234567") {
					t.Fatalf("%s %s before the import: %d", p.name, path, resp.StatusCode)
				}
				tags[p.name+path] = resp.Header.Get("ETag")
			}
		}
	}

	file := filepath.Join(t.TempDir(), "figures.csv")
	csv := "series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n" +
		slug + `,"Cumulative Afghans repatriated/left Pakistan under the Illegal Foreigners Repatriation Plan, Pakistani official counts",returnees,cumulative,persons,PAK,AFG,2024-02-01,1234567,Pakistani officials,Abb Takk,The one-file test,https://abbtakk.tv/one-file-test,"` + sentence + "\"\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := msTrackerCmd("import", "--db", dsn, "--create-organizations", file).CombinedOutput(); err != nil || !strings.Contains(string(out), "1 created") {
		t.Fatalf("tracker import: %v\n%s", err, out)
	}

	for _, p := range []*msServer{a, b} {
		msEventually(t, p.name+"'s series page shows the import", func() bool {
			_, body := anon.get(p.url + "/series/" + slug)
			return strings.Contains(body, sentence)
		})
		msEventually(t, p.name+"'s API shows the import", func() bool {
			_, body := anon.get(p.url + "/api/v1/series/" + slug + "/figures")
			return strings.Contains(body, sentence)
		})
		resp, _ := anon.get(p.url + "/series/" + slug + "/chart.svg")
		if resp.StatusCode != 200 || resp.Header.Get("ETag") == tags[p.name+"/series/"+slug+"/chart.svg"] {
			t.Errorf("%s's chart after the import: %d, ETag %s as before", p.name, resp.StatusCode, resp.Header.Get("ETag"))
		}
	}
}
