package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxFileBytes caps the size of the configuration file. A real one is a
// few hundred bytes; the cap only stops a file linked to /dev/zero or a
// mistake from being read without end.
const MaxFileBytes = 1 << 20

// Errors of the configuration file itself, before its contents are read;
// Load wraps them with the path.
var (
	// ErrNotRegular means the path names a named pipe, a device, a
	// directory or anything else that is not a regular file.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge means the file is larger than MaxFileBytes.
	ErrTooLarge = errors.New("too large")
)

// readFile reads the regular file at path, of at most MaxFileBytes. It never
// blocks on a named pipe or reads a device: the path is checked before it is
// opened, it is opened without blocking where the platform has a way
// (openFlags), and the open file is checked again, so a file swapped in
// between is refused too.
func readFile(path string) ([]byte, error) {
	before, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(before); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	after, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkRegular(after); err != nil {
		return nil, err
	}
	if !os.SameFile(before, after) {
		return nil, fmt.Errorf("%w: it changed while it was opened", ErrNotRegular)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileBytes {
		return nil, tooLarge()
	}
	return data, nil
}

// checkRegular returns an error unless info is of a regular file no larger
// than MaxFileBytes.
func checkRegular(info fs.FileInfo) error {
	mode := info.Mode()
	if !mode.IsRegular() {
		return fmt.Errorf("%w: %s", ErrNotRegular, kind(mode))
	}
	if info.Size() > MaxFileBytes {
		return tooLarge()
	}
	return nil
}

func tooLarge() error {
	return fmt.Errorf("%w: a configuration file may hold at most %d KiB", ErrTooLarge, MaxFileBytes>>10)
}

// kind names what a file that is not regular is.
func kind(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a directory"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
