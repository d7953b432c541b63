//go:build !linux

package growth

import "time"

// threadCPU returns the process's CPU time f took where a thread's is not
// at hand.
func threadCPU(f func()) time.Duration { return processCPU(f) }
