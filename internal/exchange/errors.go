package exchange

import (
	"fmt"
	"strings"
)

// LineError is one problem in an input file, located the way a person finds
// it in a spreadsheet: the line and the column name.
type LineError struct {
	File    string // set when an import reads several files
	Line    int
	Column  string // empty when the problem is the whole row or file
	Message string
}

func (e LineError) Error() string {
	prefix := ""
	if e.File != "" {
		prefix = e.File + ": "
	}
	if e.Column == "" {
		return fmt.Sprintf("%sline %d: %s", prefix, e.Line, e.Message)
	}
	return fmt.Sprintf("%sline %d, column %s: %s", prefix, e.Line, e.Column, e.Message)
}

// LineErrors is every problem found in a file.
type LineErrors []LineError

func (le LineErrors) Error() string {
	msgs := make([]string, len(le))
	for i, e := range le {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}
