package fetch

import (
	"bytes"
	"context"
	"errors"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// ErrNotText is returned by DocumentText for bytes that are neither text,
// HTML nor PDF (an image, an archive, a spreadsheet).
var ErrNotText = errors.New("not a text, HTML or PDF document")

// DocumentText is the readable text of a document given as bytes rather
// than fetched — a file handed to `tracker extract` — with the same
// extraction a fetched copy gets: Readability for HTML, pdftotext for PDF,
// the charset rules for text. contentType may be empty or a guess from a
// file name; the bytes decide when they say more (a "%PDF-" header, an
// HTML tag), as the fetcher's sniffing does.
func DocumentText(ctx context.Context, body []byte, contentType string) (string, error) {
	f := &Fetcher{opts: Options{MaxBytes: DefaultMaxBytes}, pdfToText: "pdftotext"}
	mt := sniff(body, contentType)
	if _, params, _ := mime.ParseMediaType(contentType); params["charset"] == "" && utf8.Valid(body) {
		// A file has no header to name its charset: valid UTF-8 is UTF-8
		// (an HTML <meta charset> is still read), not the web's
		// windows-1252 default.
		contentType = mt + "; charset=utf-8"
	}
	switch {
	case mt == "application/pdf":
		return f.pdfText(ctx, body)
	case mt == "text/html":
		text, _, err := htmlText(body, contentType, "")
		return text, err
	case strings.HasPrefix(mt, "text/"):
		s, _, err := decode(body, contentType)
		return tidy(s), err
	}
	return "", ErrNotText
}

// sniff is the media type DocumentText reads body as: PDF by its magic
// bytes, HTML by its type or its first tag, text by its type or by being
// valid UTF-8 without control bytes.
func sniff(body []byte, contentType string) string {
	if bytes.HasPrefix(body, []byte("%PDF-")) {
		return "application/pdf"
	}
	mt := mediaType(contentType)
	if mt == "application/xhtml+xml" {
		mt = "text/html"
	}
	if mt == "" || mt == "application/octet-stream" || mt == "text/plain" {
		sniffed := mediaType(http.DetectContentType(body))
		switch {
		case sniffed == "text/html":
			return sniffed
		case mt == "text/plain":
		case strings.HasPrefix(sniffed, "text/") || utf8.Valid(body) && !bytes.ContainsAny(body, "\x00\x01\x02\x03\x04\x05\x06\x07\x08"):
			mt = "text/plain"
		default:
			mt = sniffed
		}
	}
	return mt
}
