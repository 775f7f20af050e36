package web

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// FetchCounter counts this process's visits to sources' URLs by outcome
// (issue 17): *evidence.Saver.
type FetchCounter interface {
	Fetches(domain.CheckOutcome) uint64
}

// fetchCollector reads a FetchCounter at each scrape, as
// tracker_source_fetches_total{outcome}, every outcome present from the
// start.
type fetchCollector struct{ c FetchCounter }

var fetchesDesc = prometheus.NewDesc("tracker_source_fetches_total",
	"Visits to sources' URLs made by this process (saving a copy, revisiting a link), by outcome.", []string{"outcome"}, nil)

func (f fetchCollector) Describe(ch chan<- *prometheus.Desc) { ch <- fetchesDesc }

func (f fetchCollector) Collect(ch chan<- prometheus.Metric) {
	for _, o := range domain.CheckOutcomes {
		ch <- prometheus.MustNewConstMetric(fetchesDesc, prometheus.CounterValue, float64(f.c.Fetches(o)), string(o))
	}
}
