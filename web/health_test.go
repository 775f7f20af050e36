package web_test

import (
	"bytes"
	"testing"
)

func TestHealthz(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/healthz")
	if resp.StatusCode != 200 || !bytes.Contains([]byte(body), []byte(`"ok"`)) {
		t.Errorf("healthz: %d %s", resp.StatusCode, body)
	}
}
