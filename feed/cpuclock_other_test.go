//go:build !unix

package feed

import "time"

// cpuClock returns the wall clock where the process's CPU time is not at
// hand.
func cpuClock() time.Duration {
	return time.Duration(time.Now().UnixNano())
}
