//go:build unix && !linux

package growth

import (
	"syscall"
	"time"
)

// threadCPU returns the process's CPU time f took where a thread's is not
// at hand.
func threadCPU(f func()) time.Duration { return cpuOf(syscall.RUSAGE_SELF, f) }
