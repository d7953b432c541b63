package growth

import (
	"runtime"
	"syscall"
	"time"
)

// threadCPU runs f on one OS thread and returns the CPU time, user and
// system, that thread used for it: unlike the process's CPU time it leaves
// out what other goroutines (parallel tests, background saves, the
// collector's own workers) did meanwhile, which made the growth tests
// fail now and then on a loaded machine.
func threadCPU(f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	return cpuOf(syscall.RUSAGE_THREAD, f)
}
