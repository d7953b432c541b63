package store

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// presence is this Store's shared lock on the presence file: an open file
// description lock (F_OFD_SETLK), which another Store's, even in the same
// process, conflicts with, and which ends with the descriptor.
type presence struct{ f *os.File }

// openPresence takes the shared lock on the presence file of the database
// at abs, or returns nil when it cannot (others then reports true).
func openPresence(abs string) *presence {
	f, err := os.OpenFile(abs+presenceSuffix, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o600)
	if err != nil {
		return nil
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil
	}
	lock := unix.Flock_t{Type: unix.F_RDLCK}
	if err := unix.FcntlFlock(f.Fd(), unix.F_OFD_SETLK, &lock); err != nil {
		f.Close()
		return nil
	}
	return &presence{f: f}
}

// others reports whether another Store holds the lock too: whether a
// write lock would conflict with someone else's (F_OFD_GETLK leaves this
// Store's own lock out). It asks the kernel and changes nothing.
func (p *presence) others() bool {
	if p == nil {
		return true
	}
	lock := unix.Flock_t{Type: unix.F_WRLCK}
	if err := unix.FcntlFlock(p.f.Fd(), unix.F_OFD_GETLK, &lock); err != nil {
		return true
	}
	return lock.Type != unix.F_UNLCK
}

// close gives the lock up.
func (p *presence) close() {
	if p != nil {
		p.f.Close()
	}
}
