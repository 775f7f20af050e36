package charts

import "testing"

// Below 10,000 numbers are written in full (1,500), so a reader can check
// them against the source; from 10,000 on they are compact (12.5k, 1.2M).
func TestFormatAxisNumber(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{685, "685"},
		{1500, "1,500"},
		{9999, "9,999"},
		{10000, "10k"},
		{12500, "12.5k"},
		{250000, "250k"},
		{999499, "999k"},
		{999999, "1M"},
		{1000000, "1M"},
		{1200000, "1.2M"},
		{1250000, "1.25M"},
		{12345678, "12.3M"},
		{2.5e9, "2.5B"},
		{-1500, "-1,500"},
	}
	for _, tt := range tests {
		if got := FormatAxisNumber(tt.v); got != tt.want {
			t.Errorf("FormatAxisNumber(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// On an axis that reaches 10,000 every label is compact, so "2.5k" does not
// sit under "10k" written another way.
func TestAxisLabelsShareAStyle(t *testing.T) {
	_, tk := countAxis(11000, 5)
	var labels []string
	for _, tick := range tk.Ticks(0, 12500) {
		labels = append(labels, tick.Label)
	}
	want := []string{"0", "2.5k", "5k", "7.5k", "10k", "12.5k"}
	if len(labels) != len(want) {
		t.Fatalf("labels %q, want %q", labels, want)
	}
	for i := range want {
		if labels[i] != want[i] {
			t.Errorf("labels %q, want %q", labels, want)
			break
		}
	}
}
