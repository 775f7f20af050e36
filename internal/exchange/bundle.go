package exchange

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// BundleMeta describes the series a reporter bundle carries.
type BundleMeta struct {
	Title, Subtitle string
	Citation        string // the full citation of the series, as text
	InlineCitation  string // "(IOM; Pakistani officials, 2025)"
	Permalink       string
	Licence         string
	Version         int64
	Downloaded      time.Time
	// EventKey is the chart's numbered list of events ("3. 1 Nov 2023:
	// Deadline …"), which the image may list only in part; written to
	// events-key.txt when there are events.
	EventKey []string
}

type bundleSource struct {
	Publisher string `json:"publisher"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Published string `json:"published,omitempty"`
	Accessed  string `json:"accessed,omitempty"`
	Licence   string `json:"licence,omitempty"`
}

type bundleMetadata struct {
	Title       string         `json:"title"`
	Subtitle    string         `json:"subtitle"`
	Citation    string         `json:"citation"`
	Permalink   string         `json:"permalink"`
	DataVersion int64          `json:"data_version"`
	Downloaded  string         `json:"downloaded"`
	Licence     string         `json:"licence"`
	Figures     int            `json:"figures"`
	Sources     []bundleSource `json:"sources"`
}

// WriteBundle writes a reporter's zip for one series: figures.csv (with the
// HXL row), metadata.json, readme.md, the chart as chart.png and chart.svg
// with the source line drawn in, and manifest.sha256 with a SHA-256 of
// every file. A series is small enough to hold in memory.
//
// The bundle is for people who open figures.csv in a spreadsheet, so it is
// written SpreadsheetSafe (formula-like text defused, a byte-order mark);
// the readme says so and where the exact file is.
func WriteBundle(w io.Writer, meta BundleMeta, opt WriteOptions, s domain.Series, figs []domain.Figure, png, svg []byte) error {
	var csvBuf bytes.Buffer
	fw, err := NewFigureWriter(&csvBuf, WriteOptions{HXL: true, BaseURL: opt.BaseURL, SpreadsheetSafe: true})
	if err != nil {
		return err
	}
	var sources []domain.Source
	for _, f := range figs {
		if err := fw.Write(s, f); err != nil {
			return err
		}
		sources = append(sources, f.Source)
	}
	if err := fw.Flush(); err != nil {
		return err
	}
	md := bundleMetadata{Title: meta.Title, Subtitle: meta.Subtitle, Citation: meta.Citation, Permalink: meta.Permalink,
		DataVersion: meta.Version, Downloaded: meta.Downloaded.UTC().Format(time.RFC3339), Licence: meta.Licence,
		Figures: len(figs), Sources: []bundleSource{}}
	for _, src := range distinctSources(sources) {
		md.Sources = append(md.Sources, bundleSource{Publisher: src.Publisher, Title: src.Title, URL: src.URL,
			Published: src.PublishedOn.String(), Accessed: src.AccessedOn.String(), Licence: src.Licence})
	}
	mdJSON, err := json.MarshalIndent(md, "", "  ")
	if err != nil {
		return err
	}
	type file struct {
		name string
		data []byte
	}
	files := []file{
		{"figures.csv", csvBuf.Bytes()},
		{"metadata.json", append(mdJSON, '\n')},
		{"readme.md", []byte(bundleReadme(meta, len(figs)))},
		{"chart.png", png},
		{"chart.svg", svg},
	}
	if len(meta.EventKey) > 0 {
		files = append(files, file{"events-key.txt", []byte(eventKeyText(meta))})
	}
	zw := zip.NewWriter(w)
	var manifest strings.Builder
	for _, f := range files {
		if err := addToZip(zw, f.name, f.data); err != nil {
			return err
		}
		sum := sha256.Sum256(f.data)
		fmt.Fprintf(&manifest, "%s  %s\n", hex.EncodeToString(sum[:]), f.name)
	}
	if err := addToZip(zw, "manifest.sha256", []byte(manifest.String())); err != nil {
		return err
	}
	return zw.Close()
}

func addToZip(zw *zip.Writer, name string, data []byte) error {
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: packageZipTime})
	if err != nil {
		return err
	}
	_, err = fw.Write(data)
	return err
}

// eventKeyText is events-key.txt: the events numbered on the chart, in
// full, as plain text.
func eventKeyText(meta BundleMeta) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Events on the chart of %s, numbered as on chart.png and chart.svg.\nOnline: %s\n\n", meta.Title, meta.Permalink)
	for _, line := range meta.EventKey {
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(line, "\r", " "), "\n", " ") + "\n")
	}
	return b.String()
}

// markdownEscaper backslash-escapes the characters with which text from
// the data (a title, a citation) could become markup in a Markdown viewer:
// raw HTML or an autolink (<script>, <javascript:…>) and links or images
// ([x](javascript:…)). CommonMark shows an escaped character as itself.
var markdownEscaper = strings.NewReplacer(`\`, `\\`, "<", `\<`, "[", `\[`, "\n", " ", "\r", " ")

func markdownText(s string) string { return markdownEscaper.Replace(s) }

// bundleReadme says what the bundle holds, what each column means and how
// to cite it.
func bundleReadme(meta BundleMeta, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", markdownText(meta.Title), markdownText(meta.Subtitle))
	fmt.Fprintf(&b, "%d published figures from Displacement Tracker, data version %d, downloaded %s.\n",
		n, meta.Version, meta.Downloaded.UTC().Format("2 January 2006"))
	fmt.Fprintf(&b, "Every figure is given as its source published it, with the sentence it was read in.\n")
	fmt.Fprintf(&b, "Online, with any later corrections: %s\n\nLicence: %s\n\n", meta.Permalink, meta.Licence)
	b.WriteString("## Files\n\n")
	b.WriteString("- `figures.csv`: the figures (UTF-8 with a byte-order mark, comma-separated; row 2 holds HXL hashtags for humanitarian data tools). " +
		"It is made for spreadsheets: a text cell that begins with =, +, -, @, a tab or a carriage return has a ' put in front, " +
		"so that a spreadsheet shows it instead of running it as a formula. For the exact text, as software should read it, " +
		"download `figures.csv` from the series page (" + meta.Permalink + "/figures.csv).\n")
	b.WriteString("- `metadata.json`: title, citation, permalink, data version, download date and the sources.\n")
	b.WriteString("- `chart.png`, `chart.svg`: the chart, with its sources, licence and permalink drawn in.\n")
	if len(meta.EventKey) > 0 {
		b.WriteString("- `events-key.txt`: the events numbered on the chart, each with its date and title, in the chart's numbering; " +
			"the chart lists as many as it has room for.\n")
	}
	b.WriteString("- `manifest.sha256`: a SHA-256 of each file (`sha256sum -c manifest.sha256`).\n\n")
	b.WriteString("## How to cite\n\n")
	fmt.Fprintf(&b, "In the text: %s\n\nIn full:\n\n> %s\n\n", markdownText(meta.InlineCitation), markdownText(meta.Citation))
	b.WriteString("To cite one figure, use its `citation` column, or its `permalink`.\n\n")
	b.WriteString("## Columns of figures.csv\n\n| column | meaning |\n|---|---|\n")
	for _, c := range FigureColumns {
		fmt.Fprintf(&b, "| `%s` | %s |\n", c.Name, strings.ReplaceAll(figureDefs[c.Name], "|", "\\|"))
	}
	b.WriteString("\n## Dates\n\nDates are written as precisely as the source gave them: YYYY-MM-DD, YYYY-MM or YYYY. " +
		"\"Since September 2023\" stays 2023-09; no day is invented.\n")
	b.WriteString("\n## Qualifiers\n\n")
	for _, q := range qualifierDefs {
		fmt.Fprintf(&b, "- `%s`: %s\n", q.q, q.text)
	}
	b.WriteString("\nDo not add up stock or cumulative figures across dates: each is a total as of its own date.\n")
	return b.String()
}
