//go:build unix

package growth

import (
	"syscall"
	"time"
)

// cpuOf returns the CPU time, user and system, that who (getrusage's
// RUSAGE_SELF, or RUSAGE_THREAD on Linux) used while f ran, and the wall
// clock's time for f where getrusage fails.
func cpuOf(who int, f func()) time.Duration {
	start, ok := rusage(who)
	if !ok {
		return wall(f)
	}
	f()
	end, _ := rusage(who)
	return end - start
}

func rusage(who int) (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
