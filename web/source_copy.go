package web

import (
	"cmp"
	"context"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// copyPageView is a saved copy of a source, readable (issue 17): what the
// fetch learnt, the text as paragraphs with every excerpt read from the
// source highlighted and linked to its figure or event, and (for staff)
// every copy kept. The fetched document itself is never rendered on our
// origin: it is downloaded, sandboxed.
type copyPageView struct {
	layoutView
	Source      domain.Source
	SourceURL   string // the source's page for this reader
	Copy        copyMeta
	Paragraphs  [][]copySegment
	Excerpts    []copyExcerpt
	Unchecked   int        // excerpts past the page's bound of checks
	Copies      []copyMeta // staff: every copy, newest first
	Health      linkHealthView
	DownloadURL string
	Staff       bool
}

// copyMeta is what a fetch learnt of one copy.
type copyMeta struct {
	ID                   int64
	URL, FinalURL        string
	Status               int
	ContentType, Charset string
	Size                 int64
	SHA256               string
	FetchedAt            time.Time
	PageURL              string // this copy's view
	Current              bool   // the copy shown
}

// SizeWords: "48 KB".
func (m copyMeta) SizeWords() string { return sizeWords(m.Size) }

// TypeWords is the type as served said once: "text/html, charset utf-8"
// for a page served as "text/html; charset=utf-8" whose charset was also
// recorded; "" when none was given.
func (m copyMeta) TypeWords() string {
	mt := mediaType(m.ContentType)
	cs := m.Charset
	if cs == "" {
		if _, params, err := mime.ParseMediaType(m.ContentType); err == nil {
			cs = params["charset"]
		}
	}
	if mt == "" {
		return ""
	}
	if cs != "" {
		return mt + ", charset " + strings.ToLower(cs)
	}
	return mt
}

func metaOf(cp domain.SourceCopy) copyMeta {
	return copyMeta{ID: cp.ID, URL: cp.URL, FinalURL: cp.FinalURL, Status: cp.Status, ContentType: cp.ContentType,
		Charset: cp.Charset, Size: cp.Size, SHA256: cp.SHA256, FetchedAt: cp.FetchedAt}
}

// copySegment is a run of a paragraph: plain text, or a highlighted
// excerpt (Mark), followed by the links to what it was read for when
// the excerpt ends there.
type copySegment struct {
	Text string
	Mark bool
	Refs []copyExcerpt
}

// copyExcerpt is one figure's or event's excerpt, checked against the copy.
type copyExcerpt struct {
	Kind, ID    string // "figure" or "event"
	URL         string // its page for this reader
	Status      domain.Status
	Check       domain.ExcerptStatus
	Excerpt     string
	Highlighted bool
	start, end  int
}

// Anchor is the id of its link beside its highlight.
func (e copyExcerpt) Anchor() string { return "m-" + e.Kind + "-" + e.ID }

// CheckWords: "found", "nearly found", "not found", "not checked".
func (e copyExcerpt) CheckWords() string { return excerptStatusWords(e.Check) }

// staffCopy is the saved copy of a source for staff: the latest, or the
// one ?copy= names.
func (s *Server) staffCopy(c *gin.Context) error {
	ctx := c.Request.Context()
	src, err := s.db.Source(ctx, paramID(c))
	if err != nil {
		return err
	}
	copies, err := s.db.SourceCopyList(ctx, src.ID)
	if err != nil {
		return err
	}
	if len(copies) == 0 {
		return s.unsavedCopy(c, src)
	}
	pick := copies[0].ID
	if q := c.Query("copy"); q != "" {
		n, err := strconv.ParseInt(q, 10, 64)
		if err != nil || n < 1 {
			return domain.FieldErrorf(domain.EINVALID, "copy", "copy must be the number of one of this source's copies, not %q", shorten(q))
		}
		pick = n
	}
	cp, err := s.db.SourceCopyByID(ctx, src.ID, pick, false)
	if err != nil {
		return err
	}
	excerpts, err := s.db.SourceExcerpts(ctx, src.ID)
	if err != nil {
		return err
	}
	base := "/staff/sources/" + strconv.FormatInt(src.ID, 10)
	v, err := s.copyPage(ctx, src, cp, excerpts, staffCheckBytes, func(e store.SourceExcerpt) string { return "/staff/" + e.Kind + "s/" + e.ID })
	if err != nil {
		return err
	}
	v.Staff, v.SourceURL = true, src.URL
	v.DownloadURL = base + "/copies/" + strconv.FormatInt(cp.ID, 10)
	for _, m := range copies {
		meta := metaOf(m)
		meta.PageURL, meta.Current = base+"/copy?copy="+strconv.FormatInt(m.ID, 10), m.ID == cp.ID
		v.Copies = append(v.Copies, meta)
	}
	s.staffPage(c, http.StatusOK, "source_copy", "Saved copy: "+src.Title, v)
	return nil
}

// publicCopy is the latest saved copy of a public source whose licence
// the operator publishes copies under; a 404 saying why otherwise.
func (s *Server) publicCopy(c *gin.Context) error {
	ctx := c.Request.Context()
	src, err := s.publicCopySource(ctx, paramID(c))
	if err != nil {
		return err
	}
	tag, err := s.db.SourceWatermark(ctx, src.ID)
	if err != nil {
		return err
	}
	return s.cachedPageTagged(c, tag, func(int64) ([]byte, error) {
		ctx := c.Request.Context()
		cp, err := s.db.LatestSourceText(ctx, src.ID)
		if err != nil {
			return nil, err
		}
		all, err := s.db.SourceExcerpts(ctx, src.ID)
		if err != nil {
			return nil, err
		}
		var excerpts []store.SourceExcerpt
		for _, e := range all {
			if e.Status == domain.StatusPublished {
				excerpts = append(excerpts, e)
			}
		}
		v, err := s.copyPage(ctx, src, cp, excerpts, publicCheckBytes, func(e store.SourceExcerpt) string {
			if e.Kind == "event" {
				return "/events#e-" + e.ID
			}
			return "/figures/" + e.ID
		})
		if err != nil {
			return nil, err
		}
		v.SourceURL = "/sources/" + strconv.FormatInt(src.ID, 10)
		v.DownloadURL = v.SourceURL + "/copies/" + strconv.FormatInt(cp.ID, 10)
		v.Title, v.Description = "Saved copy: "+src.Title, clipDescription("The copy of “"+src.Title+"” saved on "+
			cp.FetchedAt.UTC().Format("2 Jan 2006")+", with the sentences figures were read from highlighted.")
		return s.renderBytes("source_copy", v)
	})
}

// publicCopySource is a public source whose copies the public may read.
func (s *Server) publicCopySource(ctx context.Context, id int64) (domain.Source, error) {
	src, err := s.db.PublicSource(ctx, id)
	if err != nil {
		return domain.Source{}, err
	}
	if !s.publicCopyAllowed(src) {
		licence := "is not recorded, and so"
		if l := strings.TrimSpace(src.Licence); l != "" {
			licence = "(" + l + ")"
		}
		return domain.Source{}, domain.Errorf(domain.ENOTFOUND, "The saved copy of this source is shown to staff only: its licence %s is not one the operator publishes copies under.", licence)
	}
	return src, nil
}

// copyPage checks each excerpt against cp's text (at most checkBytes of
// text read in all) and cuts the text into paragraphs with the excerpts
// found highlighted.
func (s *Server) copyPage(ctx context.Context, src domain.Source, cp domain.SourceCopy, excerpts []store.SourceExcerpt,
	checkBytes int, link func(store.SourceExcerpt) string) (*copyPageView, error) {
	v := &copyPageView{Source: src, Copy: metaOf(cp)}
	if len(excerpts) > 0 {
		// The checks share the figure pages' slots (provenance.go).
		leave, err := s.provenances.enter(ctx)
		if err != nil {
			return nil, err
		}
		defer leave()
	}
	budget := checkBudget(cp.Text, checkBytes)
	for i, e := range excerpts {
		x := copyExcerpt{Kind: e.Kind, ID: e.ID, URL: link(e), Status: e.Status, Excerpt: e.Excerpt, Check: domain.ExcerptUnchecked}
		if i < budget {
			r := domain.CheckExcerpt(e.Excerpt, cp.Text)
			x.Check = r.Status
			if (r.Status == domain.ExcerptFound || r.Status == domain.ExcerptNearlyFound) && r.Start < r.End && r.End <= len(cp.Text) {
				x.Highlighted, x.start, x.end = true, r.Start, r.End
			}
		} else {
			v.Unchecked++
		}
		v.Excerpts = append(v.Excerpts, x)
	}
	v.Paragraphs = paragraphs(cp.Text, v.Excerpts)
	prov := provenanceView{Saved: true, SavedAt: cp.FetchedAt, SHA256: cp.SHA256}
	h, err := s.linkHealth(ctx, src.ID, prov, "", "")
	if err != nil {
		return nil, err
	}
	v.Health = h
	return v, nil
}

// markRun is one highlight: overlapping excerpts share one.
type markRun struct {
	start, end int
	refs       []copyExcerpt
}

// paragraphs cuts text at its blank lines, each paragraph a run of plain
// and highlighted segments; a highlight that crosses paragraphs is cut
// with them, and its links follow its last piece.
func paragraphs(text string, excerpts []copyExcerpt) [][]copySegment {
	var runs []markRun
	hl := slices.DeleteFunc(slices.Clone(excerpts), func(e copyExcerpt) bool { return !e.Highlighted })
	slices.SortStableFunc(hl, func(a, b copyExcerpt) int { return cmp.Compare(a.start, b.start) })
	for _, e := range hl {
		if n := len(runs); n > 0 && e.start < runs[n-1].end {
			runs[n-1].end = max(runs[n-1].end, e.end)
			runs[n-1].refs = append(runs[n-1].refs, e)
			continue
		}
		runs = append(runs, markRun{e.start, e.end, []copyExcerpt{e}})
	}
	var out [][]copySegment
	ri := 0
	for a := 0; a < len(text); {
		for a < len(text) && (text[a] == '\n' || text[a] == '\r') {
			a++
		}
		b := strings.Index(text[a:], "\n\n")
		if b < 0 {
			b = len(text)
		} else {
			b += a
		}
		if strings.TrimSpace(text[a:b]) != "" {
			var segs []copySegment
			for ri < len(runs) && runs[ri].end <= a {
				ri++
			}
			at := a
			for k := ri; k < len(runs) && runs[k].start < b; k++ {
				s, e := max(runs[k].start, a), min(runs[k].end, b)
				if s > at {
					segs = append(segs, copySegment{Text: text[at:s]})
				}
				seg := copySegment{Text: text[s:e], Mark: true}
				if runs[k].end <= b {
					seg.Refs = runs[k].refs
				}
				segs = append(segs, seg)
				at = e
			}
			if at < b {
				segs = append(segs, copySegment{Text: text[at:b]})
			}
			out = append(out, segs)
		}
		a = b + 2
	}
	return out
}

// paramID is the :id of the route, 0 when it is not a positive number
// written as such ("7", not "07": one page, one cache entry), which no
// source has: a 404.
func paramID(c *gin.Context) int64 {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 || strconv.FormatInt(id, 10) != c.Param("id") {
		return 0
	}
	return id
}

// staffCopyDownload sends a saved copy's bytes as served, to save, never
// to render on this origin.
func (s *Server) staffCopyDownload(c *gin.Context) error {
	leave, err := s.enterCopySend(c.Request.Context())
	if err != nil {
		return err
	}
	defer leave()
	cp, err := s.copyBytes(c, paramID(c))
	if err != nil {
		return err
	}
	sendCopy(c, cp)
	return nil
}

// publicCopyDownload is staffCopyDownload for the public, where the
// source's licence lets it read the copy: its latest copy only, the one
// /sources/:id/copy shows (older copies may come from an address the
// source no longer cites). A copy never changes: its hash is its ETag; it
// is cached publicly no longer than pages are, so that a source withdrawn
// stops being served within that minute.
func (s *Server) publicCopyDownload(c *gin.Context) error {
	ctx := c.Request.Context()
	src, err := s.publicCopySource(ctx, paramID(c))
	if err != nil {
		return err
	}
	latest, err := s.db.LatestSourceText(ctx, src.ID)
	if err != nil {
		return err
	}
	if c.Param("copy") != strconv.FormatInt(latest.ID, 10) {
		return domain.Errorf(domain.ENOTFOUND, "There is no saved copy %q of this source that the public may read: only its latest, %d.", shorten(c.Param("copy")), latest.ID)
	}
	etag := `"` + latest.SHA256 + `"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", "public, max-age=60")
	if etagMatches(c.GetHeader("If-None-Match"), etag) {
		c.Status(http.StatusNotModified)
		return nil
	}
	leave, err := s.enterCopySend(ctx)
	if err != nil {
		return err
	}
	defer leave()
	cp, err := s.copyBytes(c, src.ID)
	if err != nil {
		return err
	}
	sendCopy(c, cp)
	return nil
}

// copySendSlots is how many saved copies are sent at once: each is read
// whole into memory (up to the per-document cap, 10 MB by default), and a
// slow client holds its slot while it reads. A request waits copySendWait
// for a slot, then gets 503 with Retry-After.
const (
	copySendSlots = 4
	copySendWait  = 5 * time.Second
)

func (s *Server) enterCopySend(ctx context.Context) (leave func(), err error) {
	return enterSlot(ctx, s.copySends, copySendWait, busyError{retryAfter: 30, doing: "sending as many saved copies as it can at once"})
}

// copyBytes reads the copy :copy of source id, with its body.
func (s *Server) copyBytes(c *gin.Context, id int64) (domain.SourceCopy, error) {
	n, err := strconv.ParseInt(c.Param("copy"), 10, 64)
	if err != nil || n < 1 {
		return domain.SourceCopy{}, domain.Errorf(domain.ENOTFOUND, "There is no saved copy %q.", shorten(c.Param("copy")))
	}
	return s.db.SourceCopyByID(c.Request.Context(), id, n, true)
}

// sendCopy sends fetched bytes as an attachment, sandboxed and with their
// type as served never sniffed, so that a hostile page fetched for a
// source cannot run as this site.
func sendCopy(c *gin.Context, cp domain.SourceCopy) {
	ct := cp.ContentType
	if ct == "" || strings.ContainsAny(ct, "\r\n") {
		ct = "application/octet-stream"
	}
	name := "source-" + strconv.FormatInt(cp.SourceID, 10) + "-copy-" + strconv.FormatInt(cp.ID, 10) + copyExtension(ct)
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Content-Security-Policy", "sandbox")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, ct, cp.Body)
}

// mediaType is a Content-Type without its parameters, lower case:
// "text/html" of "text/html; charset=UTF-8".
func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(contentType, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

// copyExtension names a saved file by its media type, whatever parameters
// follow it: "text/html; charset=utf-8" is a .html file.
func copyExtension(contentType string) string {
	switch mediaType(contentType) {
	case "text/html", "application/xhtml+xml":
		return ".html"
	case "application/pdf":
		return ".pdf"
	case "text/plain":
		return ".txt"
	}
	return ".bin"
}
