//go:build unix

package growth

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time, user and system, the whole process used
// while f ran; the wall clock where even that is not at hand.
func processCPU(f func()) time.Duration {
	start, ok := processClock()
	if !ok {
		return wall(f)
	}
	f()
	end, _ := processClock()
	return end - start
}

func processClock() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
