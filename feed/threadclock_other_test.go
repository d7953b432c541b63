//go:build !linux

package feed

import "time"

// threadCPU returns the process's CPU time f took where a thread's is not
// at hand.
func threadCPU(f func()) time.Duration {
	start := cpuClock()
	f()
	return cpuClock() - start
}
