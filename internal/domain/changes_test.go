package domain_test

import (
	"reflect"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func TestFigureChanges(t *testing.T) {
	tests := []struct {
		name               string
		oldAttr, newAttr   string
		newValue           float64
		newSeries          string
		wantChangedColumns []string
	}{
		{"nothing", "IOM", "IOM", 1000, "s", nil},
		{"attribution in another case", "IOM", "iom", 1000, "s", nil},
		// The store lower-cases attributions, so σ and ς stay different
		// letters there: the preview lists the change the store will make.
		{"final sigma", "οδος", "ΟΔΟΣ", 1000, "s", []string{"attributed_to"}},
		{"value and series", "IOM", "IOM", 1200, "t", []string{"series", "value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := domain.Figure{Value: 1000, AttributedTo: tt.oldAttr, Excerpt: "About 1,000 people."}
			next := old
			next.AttributedTo, next.Value = tt.newAttr, tt.newValue
			var got []string
			for _, c := range domain.FigureChanges(old, "s", next, tt.newSeries) {
				got = append(got, c.Field)
			}
			if !reflect.DeepEqual(got, tt.wantChangedColumns) {
				t.Errorf("changed columns = %v, want %v", got, tt.wantChangedColumns)
			}
		})
	}
}
