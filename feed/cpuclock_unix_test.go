//go:build unix

package feed

import (
	"syscall"
	"time"
)

// cpuClock returns the CPU time, user and system, the process has used:
// unlike the wall clock, it does not count the time other programs had
// the processor.
func cpuClock() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
