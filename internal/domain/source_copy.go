package domain

import "time"

// SourceCopy is one saved copy of a source's document (issue 17): the
// bytes as a fetch of the source's URL served them, immutable once saved,
// with what the fetch learnt about them and the readable text extracted
// from them, against which excerpts are checked.
type SourceCopy struct {
	ID          int64
	SourceID    int64
	URL         string // the URL fetched (the source's, when it was fetched)
	FinalURL    string // after redirects
	Status      int    // HTTP status of the final response
	ContentType string // as served, without parameters
	Charset     string // the charset the text was decoded from
	SHA256      string // of Body, lower-case hex
	Size        int64  // len(Body)
	Body        []byte // as served; empty when read without its body
	Text        string // the readable text: an HTML page's main text, a PDF's text
	FetchedAt   time.Time
}

// CopyLimits bound what saved copies take: PerDocument for one copy's
// bytes, Total for all copies' bytes together. Zero is no limit.
type CopyLimits struct {
	PerDocument int64
	Total       int64
}
