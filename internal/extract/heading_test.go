package extract

import "testing"

// TestHeadingRestatedKeepsTheSentence: when a heading and the sentence
// under it give one value with the same qualifier, the heading is the
// repeat lowered and the sentence stays likely; a value a sentence further
// down repeats is lowered as before.
func TestHeadingRestatedKeepsTheSentence(t *testing.T) {
	text := "Floods: 12,000 people displaced\n\n" +
		"Floods displaced 12,000 people in the east in May, officials said.\n\n" +
		"Officials said 12,000 people were displaced.\n"
	cs := Document(text, Options{})
	var conf []float64
	for _, c := range cs {
		if c.Value == 12000 {
			conf = append(conf, c.Confidence)
		}
	}
	if len(conf) != 3 {
		t.Fatalf("Document gave %d candidates of 12,000, want 3: %+v", len(conf), cs)
	}
	if conf[0] >= 0.5 || conf[1] < 0.5 || conf[2] >= conf[1] {
		t.Errorf("confidences heading, sentence, repeat = %.2f, want <0.5, ≥0.5, lower than the sentence", conf)
	}
}
