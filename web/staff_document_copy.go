package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Reading a saved copy. The tracker keeps the text of a source's copy (up
// to 10 MB, a long report's); sending it to the browser and back is what
// the form cannot take. A copy within maxDocumentText is put in the text
// box, where the editor may trim it; a longer one stays on the server: the
// text box is left empty, and "Find the figures" reads the copy from
// "from" (a byte offset, 0 at first), at most maxDocumentText of it cut
// at a sentence end. Step 2 says which part was read and links to the
// next.

// fillsTextBox reports whether a saved copy's text goes in the text box.
func fillsTextBox(text string, from int) bool {
	return from == 0 && len(text) <= maxDocumentText
}

// savedCopyNotice is step 1's word on a copy too long for the text box.
func savedCopyNotice(text string, from int) string {
	return fmt.Sprintf("The tracker's saved copy of this source is %d KB, more than the %d KB read at a time. Leave the text box empty: “Find the figures” reads it on the server from %s, %d KB at most, to a sentence end, and the next page offers the rest.",
		kb(len(text)), maxDocumentText>>10, partStart(from), maxDocumentText>>10)
}

func partStart(from int) string {
	if from == 0 {
		return "its start"
	}
	return fmt.Sprintf("KB %d", kb(from))
}

func kb(n int) int { return (n + 1<<10 - 1) >> 10 }

// savedCopyPart is the part of source id's saved copy that a read with an
// empty text box reads: from the posted offset, at most maxDocumentText.
// It returns the text, what step 2 says of it, and the address of the next
// part's step 1 ("" when the copy is read to its end). A source without a
// saved text gives "", which the read refuses as an empty text.
// from is where the text starts in the copy, -1 when no copy was read.
func (s *Server) savedCopyPart(ctx context.Context, f *form) (text, notice, next string, from int, err error) {
	id, err := strconv.ParseInt(f.Values["source_id"], 10, 64)
	if err != nil {
		return "", "", "", -1, nil
	}
	cp, err := s.db.LatestSourceText(ctx, id)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return "", "", "", -1, nil
	} else if err != nil {
		return "", "", "", -1, err
	}
	from, ok := copyOffset(cp.Text, f.Values["from"])
	if !ok {
		f.fail("", fmt.Sprintf("The saved copy of this source is %d KB; the form asks to read it from byte %q, which is not the start of a part: open the source's text again from the Sources page.", kb(len(cp.Text)), f.Values["from"]))
		return "", "", "", -1, nil
	}
	end := from + sentenceCut(cp.Text[from:], maxDocumentText)
	notice = fmt.Sprintf("Read the tracker's saved copy of this source (saved %s): ", cp.FetchedAt.UTC().Format("2 Jan 2006"))
	if from == 0 && end == len(cp.Text) {
		notice += fmt.Sprintf("all of its %d KB.", kb(len(cp.Text)))
	} else {
		notice += fmt.Sprintf("KB %d to %d of its %d KB, to the end of a sentence.", from>>10, kb(end), kb(len(cp.Text)))
	}
	if end < len(cp.Text) {
		notice += fmt.Sprintf(" The remaining %d KB are not read yet: save the figures of this part first, then read the next part.", kb(len(cp.Text)-end))
		next = nextPart(f, end)
	}
	return cp.Text[from:end], notice, next, from, nil
}

// nextPart is the address of step 1 for the part of the form's saved copy
// that starts at byte from.
func nextPart(f *form, from int) string {
	q := url.Values{"source": {f.Values["source_id"]}, "from": {strconv.Itoa(from)}, "series": {f.Values["series"]}}
	return nextPartPath + q.Encode()
}

const nextPartPath = "/staff/figures/document?"

// localNextPart is a posted or linked next part's address when it is one
// (a step 1 of this page), else "": it is put in a link, so it may lead
// nowhere else.
func localNextPart(s string) string {
	if !strings.HasPrefix(s, nextPartPath) || strings.ContainsAny(s, "\\\r\n") {
		return ""
	}
	return s
}

// copyOffset reads the posted offset into text: empty is its start; else a
// byte offset within text at the start of a character.
func copyOffset(text, posted string) (int, bool) {
	if posted == "" {
		return 0, true
	}
	from, err := strconv.Atoi(posted)
	if err != nil || from < 0 || from >= len(text) || !utf8.RuneStart(text[from]) {
		return 0, false
	}
	return from, true
}

// sentenceCut is how much of text to read when at most limit bytes are:
// all of it when it fits, else up to the last line end, else the last
// sentence end, else the last space, in the second half of the limit;
// else the limit itself, at the start of a character.
func sentenceCut(text string, limit int) int {
	if len(text) <= limit {
		return len(text)
	}
	head := text[:limit]
	if i := strings.LastIndexByte(head, '\n'); i >= limit/2 {
		return i + 1
	}
	for i := len(head); i > limit/2; {
		r, size := utf8.DecodeLastRuneInString(head[:i])
		if strings.ContainsRune(".!?؟。！？…", r) && (text[i] == ' ' || text[i] == '\n' || r >= 0x3000) {
			return i
		}
		i -= size
	}
	if i := strings.LastIndexAny(head, " \t"); i >= limit/2 {
		return i + 1
	}
	for i := limit; i > 0; i-- {
		if utf8.RuneStart(text[i]) {
			return i
		}
	}
	return limit
}
