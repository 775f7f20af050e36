package web

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// linkHealthView is a source's link as its pages say it (issue 17): "Link
// broken since 3 May 2026 — a copy saved on 20 Apr 2025 is kept (SHA-256
// …)", "The page moved to … (since …)", "The page changed on …: an excerpt
// read from it is no longer on it; the copy saved on … holds it". Nothing
// is said of a link that is ok or was never checked.
type linkHealthView struct {
	State       domain.LinkState
	Since       time.Time
	LastChecked time.Time
	MovedTo     string // a moved link's new address
	Saved       bool   // a copy of the source is saved
	SavedAt     time.Time
	SHA256      string
	// CopyURL is where this reader may read the saved copy; "" when the
	// copy is not for them (staff only, by its licence).
	CopyURL string
}

// Problem reports whether there is something to say: broken, moved or changed.
func (h linkHealthView) Problem() bool {
	return h.State == domain.LinkBroken || h.State == domain.LinkMoved || h.State == domain.LinkChanged
}

// StateWords is the state as a list says it: "ok", "broken", "not checked".
func (h linkHealthView) StateWords() string {
	if h.State == domain.LinkUnchecked {
		return "not checked"
	}
	return string(h.State)
}

// linkHealth reads source id's link health, with its latest copy's date
// and hash from prov (what the page already read of the copy). A page of
// one figure or event passes it as item ("figure 12"): a page that changed
// is that item's problem only when its excerpt is one that went.
func (s *Server) linkHealth(ctx context.Context, id int64, prov provenanceView, copyURL, item string) (linkHealthView, error) {
	h, err := s.db.SourceHealth(ctx, id)
	if err != nil {
		return linkHealthView{}, err
	}
	if h.State == domain.LinkChanged && item != "" && !slices.Contains(domain.DroppedItems(h.Detail), item) {
		h.State = domain.LinkOK // the page changed, but this excerpt is still on it
	}
	v := linkHealthView{State: h.State, Since: h.Since, LastChecked: h.LastChecked,
		Saved: prov.Saved, SavedAt: prov.SavedAt, SHA256: prov.SHA256}
	if h.State == domain.LinkMoved {
		v.MovedTo = h.Detail
	}
	if prov.Saved {
		v.CopyURL = copyURL
	}
	return v, nil
}

// publicCopyAllowed reports whether the public may read the saved copies
// of src: its licence is one the operator publishes copies under. The
// caller has made sure src is public (a published figure or event cites it).
func (s *Server) publicCopyAllowed(src domain.Source) bool {
	l := strings.TrimSpace(src.Licence)
	return l != "" && slices.ContainsFunc(s.cfg.PublicCopyLicences, func(x string) bool { return strings.EqualFold(strings.TrimSpace(x), l) })
}

// publicCopyURL is where the public reads src's saved copy, or "".
func (s *Server) publicCopyURL(src domain.Source) string {
	if !s.publicCopyAllowed(src) {
		return ""
	}
	return "/sources/" + strconv.FormatInt(src.ID, 10) + "/copy"
}

// excerptStatusWords says an excerpt's check as a table does: "found",
// "nearly found", "not found", "not checked".
func excerptStatusWords(st domain.ExcerptStatus) string {
	if st == domain.ExcerptUnchecked || st == "" {
		return "not checked"
	}
	return strings.ReplaceAll(string(st), "_", " ")
}

// Bounds of the excerpt checks one page makes against a saved text: each
// check reads the whole text (about 40 ms a megabyte), so a page checks at
// most this many bytes of text in all, and says "not checked" past them. A
// public page is built once per dataset version and copy, on a miss.
const (
	publicCheckBytes = 16 << 20
	staffCheckBytes  = 64 << 20
)

// checkBudget is how many excerpts a page may check against text.
func checkBudget(text string, bytes int) int {
	return max(1, bytes/max(1, len(text)))
}

// cachedPageTagged is cachedPage (no query parameters) for a page that
// also shows what the dataset version does not cover, such as a source's
// saved copy and link health: tag names that state, and keys the render
// cache and the ETag beside the version.
func (s *Server) cachedPageTagged(c *gin.Context, tag string, build func(version int64) ([]byte, error)) error {
	var p domain.Problems
	for name := range c.Request.URL.Query() {
		p.Add(name, "is not a parameter of this page")
	}
	if err := p.Err(); err != nil {
		return err
	}
	version, err := s.datasetVersion(c.Request.Context())
	if err != nil {
		return err
	}
	etag := func(v int64) string { return fmt.Sprintf(`"v%d-%s"`, v, tag) }
	if notModifiedETag(c, etag(version)) {
		return nil
	}
	base, path := s.baseURL(c), c.Request.URL.Path
	key := func(v int64) string { return fmt.Sprintf("page|%d|%s|%s|%s", v, base, path, tag) }
	r, err := s.rendered(c, "page", version, key, build)
	if err != nil {
		return err
	}
	if r.version == version || !notModifiedETag(c, etag(r.version)) {
		s.sendCached(c, key(r.version), "text/html; charset=utf-8", r.b)
	}
	return nil
}
