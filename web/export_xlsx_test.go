package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/displacement-tracker/tracker/web"
)

// xlsxGet downloads a workbook from a goroutine: the status, the body and
// whether it came whole from a file (Accept-Ranges).
func xlsxGet(url string) (int, []byte, bool, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, nil, false, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	// A kept copy has a strong tag (and ranges); a workbook built for the
	// request alone a weak one.
	etag := resp.Header.Get("ETag")
	return resp.StatusCode, b, etag != "" && !strings.HasPrefix(etag, "W/"), err
}

// xlsxFigureRows opens a workbook with excelize and counts its Figures rows
// under the header.
func xlsxFigureRows(t *testing.T, b []byte) int {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open the workbook: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Figures")
	if err != nil {
		t.Fatal(err)
	}
	return len(rows) - 1
}

// TestFiguresXLSXOneBuildPerVersion: parallel requests for /figures.xlsx
// of a new version share one build, kept on disk, and get the same whole
// workbook; later requests are served from the file.
func TestFiguresXLSXOneBuildPerVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("slow (workbooks of 2,000 figures): left out of -short")
	}
	ts, db, _ := newSnapshotSite(t, 2000)
	total := 0
	var wg sync.WaitGroup
	bodies := make([][]byte, 8)
	errs := make([]error, len(bodies))
	for i := range bodies {
		wg.Go(func() {
			code, b, _, err := xlsxGet(ts.URL + "/figures.xlsx")
			if err == nil && code != 200 {
				err = fmt.Errorf("status %d", code)
			}
			bodies[i], errs[i] = b, err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		if !bytes.Equal(bodies[i], bodies[0]) {
			t.Errorf("request %d got another workbook than request 0", i)
		}
	}
	total = xlsxFigureRows(t, bodies[0])
	if total < 2000 {
		t.Fatalf("the workbook has %d figures, want the 2,000 imported and the demo's", total)
	}
	m := scrape(t, ts.URL)
	if got := value(m, "tracker_xlsx_rows_total", nil); got != float64(total) {
		t.Errorf("%v figure rows built for 8 requests of one version, want one build of %d", got, total)
	}
	code, b, fromFile, err := xlsxGet(ts.URL + "/figures.xlsx")
	if err != nil || code != 200 || !fromFile || !bytes.Equal(b, bodies[0]) {
		t.Errorf("a later request: status %d, from the file %v, same workbook %v, %v", code, fromFile, bytes.Equal(b, bodies[0]), err)
	}
	// Parameters that change nothing get the copy: a random one must not
	// buy a build of the whole dataset.
	for _, q := range []string{"?n=1", "?x=2&y=3", "?hxl=0"} {
		code, b, fromFile, err := xlsxGet(ts.URL + "/figures.xlsx" + q)
		if err != nil || code != 200 || !fromFile || !bytes.Equal(b, bodies[0]) {
			t.Errorf("/figures.xlsx%s: status %d, from the file %v, same workbook %v, %v", q, code, fromFile, bytes.Equal(b, bodies[0]), err)
		}
	}
	if got := value(scrape(t, ts.URL), "tracker_xlsx_rows_total", nil); got != float64(total) {
		t.Errorf("%v figure rows built after requests with parameters, want still the one build of %d", got, total)
	}
	// A new version is a new build.
	publishFigure(t, db, 1)
	if _, b, _, _ := xlsxGet(ts.URL + "/figures.xlsx"); xlsxFigureRows(t, b) != total+1 {
		t.Errorf("after a publish the workbook has %d figures, want %d", xlsxFigureRows(t, b), total+1)
	}
}

// TestFiguresXLSXStopsWhenTheClientLeaves: a workbook built for a request
// stops writing rows once the client has gone; it does not run to the end.
func TestFiguresXLSXStopsWhenTheClientLeaves(t *testing.T) {
	if testing.Short() {
		t.Skip("slow (a workbook of 20,000 figures): left out of -short")
	}
	_, db, _ := newSnapshotSite(t, 20000)
	ts, _ := serve(t, db, web.Config{}) // no cache directory: built per request
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/figures.xlsx", nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	rows := func() float64 { return value(scrape(t, ts.URL), "tracker_xlsx_rows_total", nil) }
	atCancel := 0.0
	for i := 0; atCancel <= 0 && i < 2000; i++ {
		atCancel = rows()
	}
	cancel()
	<-done
	if atCancel <= 0 {
		t.Fatal("the build wrote no row")
	}
	for i := 0; value(scrape(t, ts.URL), "tracker_xlsx_builds_running", nil) != 0; i++ {
		if i == 1000 {
			t.Fatal("the build is still running after 1,000 polls")
		}
		time.Sleep(10 * time.Millisecond)
	}
	final := rows()
	if final >= 20000 {
		t.Errorf("the build wrote %v rows in all (%v when the client left): it ran to the end", final, atCancel)
	}
	t.Logf("%v rows when the client left, %v in all", atCancel, final)
}

// TestFiguresXLSXBuildsAreBounded: parallel requests for workbooks built
// per request all succeed, and no more than two are built at once.
func TestFiguresXLSXBuildsAreBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("slow (parallel workbooks): left out of -short")
	}
	_, db, _ := newSnapshotSite(t, 500)
	ts, _ := serve(t, db, web.Config{}) // no cache directory: built per request
	var wg sync.WaitGroup
	codes := make([]int, 6)
	rows := make([]int, len(codes))
	for i := range codes {
		wg.Go(func() {
			code, b, _, err := xlsxGet(ts.URL + "/figures.xlsx")
			if err != nil {
				code = -1
			}
			codes[i] = code
			if code == 200 {
				if f, err := excelize.OpenReader(bytes.NewReader(b)); err == nil {
					r, _ := f.GetRows("Figures")
					rows[i] = len(r) - 1
					f.Close()
				}
			}
		})
	}
	wg.Wait()
	for i, code := range codes {
		if code != 200 || rows[i] < 500 {
			t.Errorf("request %d: status %d, %d figures", i, code, rows[i])
		}
	}
	m := scrape(t, ts.URL)
	if peak := value(m, "tracker_xlsx_builds_peak", nil); peak < 1 || peak > 2 {
		t.Errorf("%v workbooks were built at once, want at most 2", peak)
	}
	if got, want := value(m, "tracker_xlsx_rows_total", nil), float64(6*rows[0]); got != want {
		t.Errorf("%v rows built, want %v (six builds)", got, want)
	}

	// Two builds are not the same bytes (a workbook records when it was
	// made), so a build for one request offers no ranges and a weak tag: a
	// resumed download must not splice two builds into a broken zip.
	req, _ := http.NewRequest("GET", ts.URL+"/figures.xlsx", nil)
	req.Header.Set("Range", "bytes=1000-")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("ETag"), "W/") || resp.Header.Get("Accept-Ranges") != "none" || xlsxFigureRows(t, b) < 500 {
		t.Errorf("a range of a workbook built per request: status %d, ETag %q, Accept-Ranges %q; want 200 with the whole workbook, a weak tag, no ranges",
			resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("Accept-Ranges"))
	}
}

// xlsxAllText is every cell of every sheet of a workbook.
func xlsxAllText(t *testing.T, b []byte) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open the workbook: %v", err)
	}
	defer f.Close()
	var cells []string
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			cells = append(cells, r...)
		}
	}
	return cells
}
