#!/usr/bin/env python3
"""Time from starting xinwen in a pseudo-terminal to the first frame that shows MARKER.

Usage: docs/firstframe.py BINARY MARKER [ARG...]
Runs the binary 7 times (TERM=xterm-256color, XDG_DATA_HOME from FFXDG or a
temporary folder) and prints the median, minimum and maximum.
"""
import os, pty, select, statistics, sys, tempfile, time


def first_frame(args, marker, env):
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(args[0], args, env)
    buf, took = b"", None
    while True:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        buf += data
        if marker in buf.decode("utf-8", "ignore"):
            took = time.perf_counter() - t0
            break
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)
    return took


def main():
    binary, marker, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    env = dict(os.environ, TERM="xterm-256color")
    env["XDG_DATA_HOME"] = os.environ.get("FFXDG") or tempfile.mkdtemp()
    times = [first_frame([binary] + extra, marker, env) for _ in range(7)]
    if None in times:
        sys.exit("the marker never appeared")
    print("first frame: median %.1f ms, min %.1f ms, max %.1f ms over %d runs"
          % (statistics.median(times) * 1000, min(times) * 1000, max(times) * 1000, len(times)))


main()
