package config

import (
	"fmt"
	"strings"
	"time"
)

// MinRefresh and MaxRefresh bound how often the reader refreshes its feeds
// while it is open: more often than once a minute would only load the
// servers, and a day is the longest interval that still means "while open".
const (
	MinRefresh = time.Minute
	MaxRefresh = 24 * time.Hour
)

// ParseRefresh reads the refresh interval: "" and "0" mean never (0), else
// a Go duration ("30m") from MinRefresh to MaxRefresh; an error wraps
// ErrOutOfRange outside them.
func ParseRefresh(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as %q", s, "30m")
	}
	if d < MinRefresh || d > MaxRefresh {
		return 0, fmt.Errorf("%s is %w: the reader refreshes from every %s to every %s", Duration(d), ErrOutOfRange,
			Duration(MinRefresh), Duration(MaxRefresh))
	}
	return d, nil
}

// RefreshDuration returns Refresh parsed; Load has checked it.
func (c Config) RefreshDuration() time.Duration {
	d, _ := ParseRefresh(c.Refresh)
	return d
}
