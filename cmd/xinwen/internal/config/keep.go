package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrBadKeep means a retention period is neither a number of days ("90d")
// nor a Go duration ("720h").
var ErrBadKeep = errors.New(`not a period such as "90d" or "720h"`)

// ParseKeep reads a retention period: "" and "0" keep everything (0), "90d"
// is 90 days, and a Go duration ("720h") is taken as it is. A negative
// period is an error.
func ParseKeep(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return 0, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseUint(days, 10, 16)
		if err != nil {
			return 0, fmt.Errorf("%q is %w", s, ErrBadKeep)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is %w", s, ErrBadKeep)
	}
	return d, nil
}

// KeepDuration returns Keep parsed; Load has checked it.
func (c Config) KeepDuration() time.Duration {
	d, _ := ParseKeep(c.Keep)
	return d
}
