//go:build unix

package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The crash test runs `tracker import` in a child process — this test binary
// started again, see TestCrashHelperProcess — and kills it with SIGKILL at a
// random moment. Whatever the moment, the database file must pass SQLite's
// integrity check, hold either all of the import or none of it, keep an
// intact revision chain, and accept the same import again to completion.
//
// SIGKILL loses nothing the child handed to the kernel, so this proves the
// import's atomicity and the write-ahead log's recovery, not durability
// against a power cut (that is synchronous=FULL's job, not testable here).

// crashChildEnv carries the child's command line, as a JSON array.
const crashChildEnv = "TRACKER_CRASH_CHILD_ARGS"

// crashRows is the size of the generated import unless TRACKER_CRASH_ROWS
// sets it: the test doubles it until a complete import takes a second in
// the child, so that random kills land inside the transaction and not only
// around it. Under the race detector the SQLite driver runs some ten times
// slower, so it starts smaller there.
func crashRows() (rows int, fixed bool, err error) {
	if v := os.Getenv("TRACKER_CRASH_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, false, fmt.Errorf("TRACKER_CRASH_ROWS=%q: want a positive number", v)
		}
		return n, true, nil
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				return 250, false, nil
			}
		}
	}
	return 4000, false, nil
}

// TestCrashHelperProcess is not a test: it is the child process of
// TestImportSurvivesSIGKILL, and does nothing unless that test started it.
func TestCrashHelperProcess(t *testing.T) {
	env := os.Getenv(crashChildEnv)
	if env == "" {
		return
	}
	var args []string
	if err := json.Unmarshal([]byte(env), &args); err != nil {
		fmt.Fprintln(os.Stderr, crashChildEnv+":", err)
		os.Exit(2)
	}
	err := run(context.Background(), append([]string{"tracker"}, args...),
		func(string) string { return "" }, strings.NewReader(""), os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tracker:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// dbState is what an import changes, counted.
type dbState struct {
	Organizations, Sources, Series, Figures, Events, Revisions, DatasetVersion int
}

func (s dbState) String() string {
	return fmt.Sprintf("%d organizations, %d sources, %d series, %d figures, %d events, %d revisions, dataset version %d",
		s.Organizations, s.Sources, s.Series, s.Figures, s.Events, s.Revisions, s.DatasetVersion)
}

// crashPhase is where in the child's life a kill landed, as far as the parent
// can tell from outside: from the write-ahead log's size and from whether the
// import had printed its report, which it does after the commit and before
// it closes the database (and SQLite folds the log into the file).
type crashPhase int

const (
	phaseBefore     crashPhase = iota // no frame in the log yet: starting, reading, inserting
	phaseCommitting                   // frames in the log, no report: the commit is being written
	phaseCommitted                    // reported, the log still there: committed, not yet checkpointed
	phaseClosed                       // reported, the log folded into the file and removed
	phaseExited                       // the child finished before the kill was due
	phaseCount
)

var phaseNames = [phaseCount]string{
	"before the commit",
	"during the commit",
	"after the commit, before the checkpoint",
	"after the checkpoint",
	"after the exit (too late to kill)",
}

func TestImportSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test starts and kills many processes")
	}
	trials := 20
	if v := os.Getenv("TRACKER_CRASH_TRIALS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("TRACKER_CRASH_TRIALS=%q: want a positive number", v)
		}
		trials = n
	}
	rows, fixedRows, err := crashRows()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	dir := t.TempDir()

	// The database before the import: the demo dataset, imported and closed,
	// so that its write-ahead log is folded into the file and gone.
	before := filepath.Join(dir, "before.db")
	withOrgs(t, before, append(slices.Clone(demoOrgs), crashPublishers...)...)
	if _, errOut, err := tracker(t, nil, "import", "--db", before, "--events", demoEvents, demoFigures); err != nil {
		t.Fatalf("import demo: %v %s", err, errOut)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(before + suffix); err == nil {
			t.Fatalf("%s%s left behind after a clean close", before, suffix)
		}
	}
	pre := crashCheck(t, before)
	preRows := tableRows(t, before)

	// A complete import in the child: the state after it, how long it takes
	// and when its commit happens. The rows double while it takes less than a
	// second; then a second import measures again, and the kills use the mean.
	big := filepath.Join(dir, "big.csv")
	complete := func(n int) (dbState, timeline) {
		path := filepath.Join(dir, fmt.Sprintf("complete-%d.db", n))
		copyFile(t, before, path)
		child := startCrashChild(t, path, big)
		tl := watch(child, path)
		if err := child.wait(); err != nil {
			t.Fatalf("a complete import failed: %v\n%s%s", err, child.stdout, child.stderr)
		}
		if want := fmt.Sprintf("big.csv: %d rows — %d created", rows, rows); !strings.Contains(child.stdout.String(), want) {
			t.Fatalf("a complete import reported %q, want %q", child.stdout, want)
		}
		if tl.frames < 0 || tl.report < 0 || tl.walGone < 0 {
			t.Fatalf("a complete import showed no commit: %+v", tl)
		}
		return crashCheck(t, path), tl
	}
	// The targeted kills' window runs from the commit's first frame in the
	// log to the log's removal, and half as long again: the shorter of the
	// two measured, for a loaded machine's runs vary.
	var full dbState
	var duration, window time.Duration
	for n := 0; ; n++ {
		if err := os.WriteFile(big, crashCSV(rows), 0o644); err != nil {
			t.Fatal(err)
		}
		st, tl := complete(n)
		full = st
		if tl.exited >= time.Second || fixedRows || rows >= 50_000 {
			again, tl2 := complete(n + 1)
			if again != full {
				t.Fatalf("two complete imports differ:\n %v\n %v", full, again)
			}
			for _, tl := range []timeline{tl, tl2} {
				t.Logf("a complete import of %d rows in the child: first WAL frames at %v, report at %v, WAL removed at %v, exit at %v",
					rows, tl.frames.Round(time.Millisecond), tl.report.Round(time.Millisecond), tl.walGone.Round(time.Millisecond),
					tl.exited.Round(time.Millisecond))
			}
			duration = (tl.exited + tl2.exited) / 2
			window = max(3*min(tl.walGone-tl.frames, tl2.walGone-tl2.frames)/2, time.Millisecond)
			break
		}
		rows *= 2
	}
	if full.Figures != pre.Figures+rows || full.Revisions <= pre.Revisions+rows {
		t.Fatalf("a complete import of %d rows went from %v to %v", rows, pre, full)
	}
	t.Logf("before the import: %v", pre)
	t.Logf("after the import:  %v", full)

	// The kills: trials at a uniformly random moment of [0, 1.2 × the import's
	// duration], where most land before the commit, then a quarter as many
	// that wait for the commit's first frames in the log and kill at a random
	// moment of the window from there. The seed is logged so that a failure
	// can be replayed.
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("TRACKER_CRASH_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	t.Logf("seed %d (TRACKER_CRASH_SEED replays it); %d kills in [0, %v], %d in the %v from the commit's first frames",
		seed, trials, (duration * 6 / 5).Round(time.Millisecond), max(1, trials/4), window.Round(time.Millisecond))
	rng := rand.New(rand.NewPCG(seed, 0))
	var none, all int
	var phases [phaseCount][2]int // per phase: none, all
	for trial := range trials + max(1, trials/4) {
		path := filepath.Join(dir, fmt.Sprintf("trial-%d.db", trial))
		copyFile(t, before, path)
		c := startCrashChild(t, path, big)
		if trial < trials {
			delay := time.Duration(rng.Int64N(int64(duration * 6 / 5)))
			select {
			case <-c.exited:
			case <-time.After(delay - time.Since(c.started)):
			}
		} else {
			for !walFrames(path) && !c.done() {
				time.Sleep(100 * time.Microsecond)
			}
			time.Sleep(time.Duration(rng.Int64N(int64(window))))
		}
		kill := time.Since(c.started)
		phase := c.kill(t, path)
		what := fmt.Sprintf("trial %d (killed at %v, %s)", trial, kill.Round(time.Millisecond), phaseNames[phase])

		got := crashCheck(t, path)
		outcome := 0
		switch got {
		case pre:
			none++
			if r := tableRows(t, path); !sameRows(r, preRows) {
				t.Errorf("%s: the counts are as before the import, the rows are not", what)
			}
		case full:
			all++
			outcome = 1
		default:
			t.Fatalf("%s: half an import:\n got   %v\n none: %v\n all:  %v", what, got, pre, full)
		}
		phases[phase][outcome]++
		t.Logf("%s: %s of the import", what, [2]string{"none", "all"}[outcome])
		if (phase == phaseBefore && outcome == 1) || (phase >= phaseCommitted && outcome == 0) {
			t.Errorf("%s: the database holds %s of the import", what, [2]string{"none", "all"}[outcome])
		}
		if out, errOut, err := tracker(t, nil, "verify", "--db", path); err != nil || !strings.Contains(out, "intact") {
			t.Errorf("%s: tracker verify after the kill: %v\n%s%s", what, err, out, errOut)
		}

		// Recovery: the same import again, in this process, to completion.
		out, errOut, err := tracker(t, nil, "import", "--db", path, big)
		if err != nil {
			t.Fatalf("%s: import after the kill: %v\n%s", what, err, errOut)
		}
		wantReport := fmt.Sprintf("%d rows — %d created, 0 updated, 0 unchanged", rows, rows)
		if outcome == 1 {
			wantReport = fmt.Sprintf("%d rows — 0 created, 0 updated, %d unchanged", rows, rows)
		}
		if !strings.Contains(out, wantReport) {
			t.Errorf("%s: import after the kill reported %q, want %q", what, out, wantReport)
		}
		if recovered := crashCheck(t, path); recovered != full {
			t.Errorf("%s: after the import ran again:\n got  %v\n want %v", what, recovered, full)
		}
		if out, errOut, err := tracker(t, nil, "verify", "--db", path); err != nil || !strings.Contains(out, "intact") {
			t.Errorf("%s: tracker verify after the recovery: %v\n%s%s", what, err, out, errOut)
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
	}
	t.Logf("%d kills in %v: %d left none of the import, %d all of it", none+all,
		time.Since(start).Round(time.Millisecond), none, all)
	for p, n := range phases {
		t.Logf("  %-40s %2d: %2d none, %2d all", phaseNames[p]+":", n[0]+n[1], n[0], n[1])
	}
}

// crashChild is a running `tracker import` in a child process.
type crashChild struct {
	cmd            *exec.Cmd
	started        time.Time
	exited         chan struct{} // closed when the child has exited and err is set
	err            error
	stdout, stderr *lockedBuffer
}

func startCrashChild(t *testing.T, path, csv string) *crashChild {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelperProcess$", "-test.count=1")
	args, err := json.Marshal([]string{"import", "--db", path, csv})
	if err != nil {
		t.Fatal(err)
	}
	// GORACE: a race-enabled child would otherwise sleep a second on exit.
	cmd.Env = append(os.Environ(), crashChildEnv+"="+string(args), "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	c := &crashChild{cmd: cmd, exited: make(chan struct{}), stdout: new(lockedBuffer), stderr: new(lockedBuffer)}
	cmd.Stdout, cmd.Stderr = c.stdout, c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c.started = time.Now()
	go func() {
		c.err = cmd.Wait()
		close(c.exited)
	}()
	return c
}

func (c *crashChild) wait() error {
	<-c.exited
	return c.err
}

func (c *crashChild) done() bool {
	select {
	case <-c.exited:
		return true
	default:
		return false
	}
}

func (c *crashChild) reported() bool { return strings.Contains(c.stdout.String(), " rows — ") }

// kill sends SIGKILL to the child, unless it has exited already, and says
// how far it had come.
func (c *crashChild) kill(t *testing.T, path string) crashPhase {
	t.Helper()
	if err := c.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	err := c.wait()
	if err == nil {
		return phaseExited
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatal(err)
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the import failed on its own: %v\n%s", err, c.stderr)
	}
	switch inLog := walFrames(path); {
	case c.reported() && inLog:
		return phaseCommitted
	case c.reported():
		return phaseClosed
	case inLog:
		return phaseCommitting
	}
	return phaseBefore
}

// walFrames reports whether the write-ahead log holds more than its header.
// The import keeps its pages in the writer's 64 MB cache until it commits,
// so frames in the log mean that the commit has begun.
func walFrames(path string) bool {
	fi, err := os.Stat(path + "-wal")
	return err == nil && fi.Size() > 32
}

// timeline is when, after a child's start, its commit's first frames reached
// the log, it printed its report, the log was removed and it exited; -1 for
// what did not happen.
type timeline struct{ frames, report, walGone, exited time.Duration }

// watch polls a child's log and output until it exits.
func watch(c *crashChild, path string) timeline {
	tl := timeline{-1, -1, -1, -1}
	for {
		exited := c.done()
		now := time.Since(c.started)
		if tl.frames < 0 && walFrames(path) {
			tl.frames = now
		}
		if tl.report < 0 && c.reported() {
			tl.report = now
		}
		if tl.frames >= 0 && tl.walGone < 0 && !walFrames(path) {
			tl.walGone = now
		}
		if exited {
			tl.exited = now
			return tl
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// lockedBuffer is a bytes.Buffer that the test may read while the child's
// output is copied into it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// crashCheck opens the database as a killed process left it, with the
// driver alone, runs SQLite's integrity and foreign key checks and counts
// what an import changes.
func crashCheck(t *testing.T, path string) dbState {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		t.Fatalf("integrity_check on %s: %v", path, err)
	}
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		problems = append(problems, s)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		t.Fatalf("integrity_check on %s: %q", path, problems)
	}
	rows, err = db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Errorf("foreign_key_check on %s finds dangling references", path)
	}
	rows.Close()
	var s dbState
	for _, c := range []struct {
		n     *int
		query string
	}{
		{&s.Organizations, "SELECT count(*) FROM organizations"},
		{&s.Sources, "SELECT count(*) FROM sources"},
		{&s.Series, "SELECT count(*) FROM series"},
		{&s.Figures, "SELECT count(*) FROM figures"},
		{&s.Events, "SELECT count(*) FROM events"},
		{&s.Revisions, "SELECT count(*) FROM revisions"},
		{&s.DatasetVersion, "SELECT value FROM counters WHERE name = 'dataset_version'"},
	} {
		if err := db.QueryRow(c.query).Scan(c.n); err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
	}
	return s
}

// tableRows is every row of every table, as the backup drill compares them.
func tableRows(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := openStore(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := db.TableRows(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sameRows(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for table, rows := range a {
		if strings.Join(rows, "\n") != strings.Join(b[table], "\n") {
			return false
		}
	}
	return true
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// crashCSV is a canonical figures CSV of n distinct figures in 300 series,
// from 8 publishers and 240 sources, with an HXL row, CRLF line ends,
// quoted cells and every qualifier. It is the same for the same n.
// crashPublishers are the organisations crashCSV's rows name.
var crashPublishers = []string{"IOM", "UNHCR", "OCHA", "Pakistan Ministry of Interior", "Taliban Ministry of Refugees",
	"Norwegian Refugee Council", "Reuters", "Dawn"}

func crashCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("figure_id,series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_start,period_end," +
		"value,qualifier,value_low,value_high,value_as_stated,attributed_to,source_publisher,source_title,source_url," +
		"source_published,source_accessed,archive_url,licence,excerpt,notes\r\n")
	b.WriteString("#meta+id,#indicator+code,#indicator+name,#population_group+code,#indicator+type,#indicator+unit+code," +
		"#country+code+origin,#country+code+dest,#date+start,#date+end,#indicator+value+num,#indicator+qualifier," +
		"#indicator+value+low+num,#indicator+value+high+num,#indicator+value+text,#org+name,#meta+source," +
		"#meta+source+title,#meta+url,#date+reported,#date+accessed,#meta+url+archive,#meta+licence," +
		"#description+quote,#description+notes\r\n")
	publishers := crashPublishers
	groups := []string{"returnees", "deportees", "refugees", "idps"}
	measures := []string{"cumulative", "stock", "flow"}
	countries := [][2]string{{"PAK", "AFG"}, {"IRN", "AFG"}, {"TUR", "SYR"}, {"DEU", "UKR"}, {"TCD", "SDN"}}
	qualifiers := []string{"exact", "exact", "approx", "at_least", "more_than", "at_most", "less_than", "range"}
	day0 := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	const nSeries, nSources = 300, 240
	for i := range n {
		s, src := i%nSeries, (i/7)%nSources
		measure := measures[s%len(measures)]
		from, to := countries[s%len(countries)][0], countries[s%len(countries)][1]
		end := day0.AddDate(0, 0, i/nSeries)
		start := ""
		switch measure {
		case "cumulative":
			start = "2019-01"
		case "flow":
			start = end.AddDate(0, 0, -6).Format(time.DateOnly)
		}
		value := 1000 + 37*i
		q := qualifiers[i%len(qualifiers)]
		low, high, stated := "", "", ""
		if q == "range" {
			low, high = strconv.Itoa(value-500), strconv.Itoa(value+500)
		}
		if q == "approx" {
			stated = fmt.Sprintf("about %d", value)
		}
		pub := publishers[src%len(publishers)]
		fmt.Fprintf(&b, ",crash-series-%03d,\"Series %d, %s %s→%s\",%s,%s,persons,%s,%s,%s,%s,%d,%s,%s,%s,%s,%s,%s,"+
			"\"Update %d of %s\",https://example.org/%s/update-%d,%s,,,CC-BY-4.0,"+
			"\"Row %d: \"\"%d people\"\" moved, %s said.\",%s\r\n",
			s, s, groups[s%len(groups)], from, to, groups[s%len(groups)], measure, from, to, start, end.Format(time.DateOnly),
			value, q, low, high, stated, publishers[(i/3)%len(publishers)], pub,
			src, pub, strings.ToLower(strings.ReplaceAll(pub, " ", "-")), src, day0.AddDate(0, 0, src).Format(time.DateOnly),
			i, value, publishers[(i/3)%len(publishers)], map[bool]string{true: "Generated for the crash test.", false: ""}[i%5 == 0])
	}
	return b.Bytes()
}
