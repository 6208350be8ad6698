#!/usr/bin/env python3
"""Where the CPU went, by layer, from an async-profiler profile in collapsed form (issue 13).

    python3 bench/profile-layers.py PROFILE.collapsed [OTHER.collapsed]

PROFILE.collapsed is what `PROFILER=async bench/http-profile.sh` writes (async-profiler's
`collapsed` output with `--threads`: one line per distinct stack, root first, frames separated by
';', the thread as the first frame, then the sample count). Every sample goes to one layer: the
thread decides it for threads that are not request threads (GC, JIT, Tomcat's poller, the flush
and snapshot threads); on a request thread, the innermost frame that belongs to a known layer
decides (a JDK or native frame, a socket write for instance, counts for the layer that called it).
With two files, prints both side by side (before, after). Standard library only.
"""
import re
import sys
from collections import Counter

# Innermost frame wins; first matching prefix in this order. Java frames read 'pkg/Class.method_[j]'.
LAYERS = [
    ("io/eventcheckpoint/engine/", "engine"),
    ("io/eventcheckpoint/store/", "store (journal append)"),
    ("io/eventcheckpoint/format/", "engine"),
    ("io/eventcheckpoint/security/", "our security (BearerTokenFilter, firewall rule)"),
    ("io/eventcheckpoint/monitoring/", "Micrometer and our metrics"),
    ("io/eventcheckpoint/", "our controller and converters"),
    ("tools/jackson/", "Jackson"),
    ("com/fasterxml/jackson/", "Jackson"),
    ("io/micrometer/", "Micrometer and our metrics"),
    ("org/springframework/security/", "Spring Security"),
    ("org/springframework/", "Spring MVC and framework"),
    ("jakarta/servlet/", "Spring MVC and framework"),
    ("ch/qos/logback/", "logging"),
    ("org/slf4j/", "logging"),
    ("org/apache/", "Tomcat"),
]


SOCKET = "sun/nio/ch/SocketChannelImpl."


def thread_layer(thread):
    if re.search(r"GC Thread|G1 |VM Thread|GC Conc|Service Thread", thread):
        return "GC and VM"
    if "CompilerThre" in thread or "Sweeper" in thread:
        return "JIT compiler"
    if re.search(r"-(Poller|Acceptor|BlockPoller)", thread):
        return "Tomcat poller and acceptor"
    if thread.startswith("checkpoint-flush") or thread.startswith("checkpoint-snapshot"):
        return "flush and journal threads"
    if "-exec-" in thread:
        return None
    return "other threads"


def layers(path):
    counts = Counter()
    total = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            stack, _, n = line.rpartition(" ")
            n = int(n)
            frames = stack.split(";")
            thread = frames[0].strip("[]")
            layer = thread_layer(thread)
            if layer is None:
                socket = next((f for f in frames if f.startswith(SOCKET)), None)
                if socket is not None:
                    layer = "socket writes (JDK NIO, kernel)" if socket.startswith(SOCKET + "write") else "socket reads (JDK NIO, kernel)"
            if layer is None:
                layer = "JDK and native, no caller above"
                for frame in reversed(frames[1:]):
                    match = next((name for prefix, name in LAYERS if frame.startswith(prefix)), None)
                    if match:
                        layer = match
                        break
            counts[layer] += n
            total += n
    return counts, total


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    results = [layers(p) for p in sys.argv[1:]]
    names = sorted({k for c, _ in results for k in c}, key=lambda k: -results[-1][0][k])
    header = "| Layer | " + " | ".join(p.rsplit("/", 1)[-1] for p in sys.argv[1:]) + " |"
    print(header)
    print("|---|" + "---:|" * len(results))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{100.0 * c[name] / t:.1f}%" for c, t in results) + " |")
    print("| samples | " + " | ".join(str(t) for _, t in results) + " |")


if __name__ == "__main__":
    main()
