#!/usr/bin/env python3
"""Summarises a JFR recording: where Berth's CPU samples land (stdlib only).

  jfr_top.py JFR_BIN RECORDING [TOP]

Prints, from jdk.ExecutionSample (and jdk.NativeMethodSample when present):
  - the share of samples per category (first matching frame from the top of the stack),
  - the top self frames (leaf methods),
  - the top inclusive frames among Berth's own code and the libraries it calls,
and the total time threads spent blocked per top non-JDK frame (jdk.ThreadPark, jdk.JavaMonitorEnter).

  jfr_top.py --alloc JFR_BIN RECORDING [TOP] [COUNT] [UNIT]

Prints, from jdk.ObjectAllocationSample (its weights estimate all bytes allocated), the bytes allocated
in all and per COUNT UNITs (default: requests), by allocated class and by allocating site (the first frame outside the JDK, from
the allocation up).
"""
import collections
import json
import subprocess
import sys

# First match wins, scanning from the leaf: says which component the CPU went to.
CATEGORIES = [
    ("Bouncy Castle SHA-256", ("org.bouncycastle.",)),
    ("JDK SHA-256 (MessageDigest)", ("sun.security.provider.SHA", "sun.security.provider.DigestBase")),
    ("file write / fsync", ("sun.nio.ch.FileChannelImpl.write", "sun.nio.ch.FileChannelImpl.force",
                            "sun.nio.ch.FileDispatcherImpl.write", "sun.nio.ch.UnixFileDispatcherImpl.write",
                            "sun.nio.ch.FileDispatcherImpl.force", "sun.nio.ch.UnixFileDispatcherImpl.force",
                            "sun.nio.ch.IOUtil.write")),
    ("socket read (Tomcat input)", ("sun.nio.ch.SocketChannelImpl.read", "sun.nio.ch.SocketDispatcher.read",
                                    "org.apache.tomcat.util.net.NioEndpoint$NioSocketWrapper.fillReadBuffer",
                                    "org.apache.coyote.http11.filters.ChunkedInputFilter")),
    ("H2 database", ("org.h2.",)),
    ("Hibernate", ("org.hibernate.",)),
    ("Spring Data / JPA repositories", ("org.springframework.data.",)),
    ("Hikari pool", ("com.zaxxer.hikari.",)),
    ("Spring transactions", ("org.springframework.transaction.", "org.springframework.orm.")),
    ("Spring Security", ("org.springframework.security.",)),
    ("Micrometer / observation", ("io.micrometer.",)),
    ("Jackson", ("com.fasterxml.jackson.", "tools.jackson.")),
    ("logging", ("ch.qos.logback.", "org.slf4j.", "org.apache.logging.")),
    ("Spring MVC / web", ("org.springframework.web.", "org.springframework.http.")),
    ("Spring AOP / proxies / beans", ("org.springframework.aop.", "org.springframework.beans.",
                                      "org.springframework.core.", "org.springframework.util.")),
    ("Berth code", ("dev.berth.",)),
    ("Tomcat", ("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.")),
    ("JIT / class loading / reflection", ("jdk.internal.reflect.", "java.lang.invoke.", "java.lang.ClassLoader",
                                          "jdk.internal.loader.")),
    ("JDK other", ("java.", "jdk.", "sun.")),
]
INTERESTING = ("dev.berth.", "org.bouncycastle.", "org.h2.", "org.hibernate.", "org.springframework.",
               "org.apache.catalina.", "org.apache.coyote.", "com.zaxxer.", "sun.nio.ch.", "sun.security.")


def frame_name(frame):
    method = frame.get("method") or {}
    owner = (method.get("type") or {}).get("name", "?").replace("/", ".")
    return "%s.%s" % (owner, method.get("name", "?"))


def frames_of(event):
    trace = event.get("values", {}).get("stackTrace") or {}
    return [frame_name(f) for f in trace.get("frames", [])]


def category(frames):
    for name in frames:
        for label, prefixes in CATEGORIES:
            if name.startswith(prefixes):
                return label
    return "other"


def load(jfr, recording, events):
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", events, recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def duration_seconds(value):
    # jfr --json prints durations like "PT0.0123S" or as nanoseconds depending on version.
    if isinstance(value, (int, float)):
        return value / 1e9
    if isinstance(value, str) and value.startswith("PT") and value.endswith("S"):
        text = value[2:-1]
        minutes = 0.0
        if "M" in text:
            m, text = text.split("M", 1)
            minutes = float(m)
        return minutes * 60 + (float(text) if text else 0.0)
    return 0.0


def allocations(jfr, recording, top, count, unit):
    events = load(jfr, recording, "jdk.ObjectAllocationSample")
    total = 0
    by_class, by_site = collections.Counter(), collections.Counter()
    for e in events:
        values = e.get("values", {})
        weight = values.get("weight") or 0
        total += weight
        by_class[(values.get("objectClass") or {}).get("name", "?")] += weight
        frames = frames_of(e)
        by_site[next((f for f in frames if not f.startswith(("java.", "jdk.", "sun."))), frames[0] if frames else "?")] += weight
    print("bytes allocated (jdk.ObjectAllocationSample weights): %.1f MB" % (total / 1e6))
    if count:
        print("per %s: %.1f KB over %d" % (unit, total / count / 1e3, count))
    if not total:
        return
    for title, counter in (("by allocated class", by_class), ("by allocating site (first non-JDK frame)", by_site)):
        print("\n" + title + ":")
        for name, weight in counter.most_common(top):
            per_unit = " %8.2f KB/%s" % (weight / count / 1e3, unit) if count else ""
            print("  %5.1f%%%s  %s" % (100.0 * weight / total, per_unit, name))


def main():
    if sys.argv[1] == "--alloc":
        args = sys.argv[2:]
        allocations(args[0], args[1], int(args[2]) if len(args) > 2 else 12, int(args[3]) if len(args) > 3 else 0,
                    args[4] if len(args) > 4 else "request")
        return
    jfr, recording = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    samples = load(jfr, recording, "jdk.ExecutionSample")
    stacks = [frames_of(e) for e in samples]
    stacks = [s for s in stacks if s]
    total = len(stacks)
    print("CPU samples (jdk.ExecutionSample): %d" % total)
    if not total:
        return
    cats = collections.Counter(category(s) for s in stacks)
    print("\nby component (first matching frame from the leaf):")
    for label, n in cats.most_common():
        print("  %5.1f%%  %s" % (100.0 * n / total, label))
    leaf = collections.Counter(s[0] for s in stacks)
    print("\ntop self frames:")
    for name, n in leaf.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * n / total, name))
    inclusive = collections.Counter()
    for s in stacks:
        for name in set(s):
            if name.startswith(INTERESTING):
                inclusive[name] += 1
    print("\ntop inclusive frames (Berth and the libraries it calls):")
    for name, n in inclusive.most_common(top):
        print("  %5.1f%%  %s" % (100.0 * n / total, name))

    blocked = collections.Counter()
    for kind in ("jdk.ThreadPark", "jdk.JavaMonitorEnter"):
        try:
            events = load(jfr, recording, kind)
        except subprocess.CalledProcessError:
            continue
        for e in events:
            frames = frames_of(e)
            where = next((f for f in frames if f.startswith(INTERESTING) and not f.startswith("sun.")), "?")
            blocked[(kind.split(".")[1], where)] += duration_seconds(e.get("values", {}).get("duration"))
    if blocked:
        print("\nblocked time (events above the recording threshold), by first non-JDK frame:")
        for (kind, where), seconds in blocked.most_common(top):
            print("  %8.2f s  %-16s %s" % (seconds, kind, where))


if __name__ == "__main__":
    main()
