//go:build !unix

package growth

import "time"

// threadCPU is the wall clock where getrusage is not at hand.
func threadCPU(f func()) time.Duration { return wall(f) }
