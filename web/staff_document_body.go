package web

import (
	"fmt"
	"strconv"

	"github.com/gin-gonic/gin"
)

// The document form's body. Step 1 sends the text as multipart/form-data,
// byte for byte; step 2 sends its rows URL-encoded (a multipart form
// takes at most 1000 parts, and 300 rows have some 4000 fields), and each
// sentence once, however many rows are read from it: rows refer to their
// sentence by its number. The sentences are distinct stretches of a text
// of at most maxDocumentText, so together they are no longer than it,
// whatever the reader cuts a sentence at.

const (
	// maxDocumentRowBody bounds what one row's own fields take in the
	// posted form, names and URL-encoded values: some 600 bytes as read,
	// and room for an editor's corrections in any script.
	maxDocumentRowBody = 8 << 10
	// maxDocumentBody bounds the form's body: the text, or its sentences,
	// URL-encoded (each byte of a letter outside ASCII is three, "%D9"),
	// and every row's fields. Step 1 sent from a browser is a third of it.
	maxDocumentBody = 3*maxDocumentText + maxDocumentRows*maxDocumentRowBody
)

// documentTooLarge is what a body over maxDocumentBody is told.
var documentTooLarge = fmt.Sprintf("Paste at most %d KB of text at a time (about 150 pages), or split the document.", maxDocumentText>>10)

// sentenceField is the hidden field each of step 2's sentences is sent in,
// once each, in order; a row's "rN.sentence" is the number of its own.
const sentenceField = "sentence"

// numberSentences gives every row the number of its sentence and returns
// the distinct sentences, in the order of the rows.
func numberSentences(rows []*documentRow) []string {
	var out []string
	n := map[string]int{}
	for _, r := range rows {
		i, ok := n[r.Excerpt]
		if !ok {
			i = len(out)
			n[r.Excerpt] = i
			out = append(out, r.Excerpt)
		}
		r.Sentence = i
	}
	return out
}

// postedSentence is the sentence a posted row names, or a problem with the
// row when it names none the form sent.
func postedSentence(c *gin.Context, r *documentRow, sentences []string) string {
	i, err := strconv.Atoi(c.PostForm(r.name("sentence")))
	if err != nil || i < 0 || i >= len(sentences) {
		r.fail("", "The form does not say which sentence this figure is from; read the document again.")
		return ""
	}
	return sentences[i]
}
