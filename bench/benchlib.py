#!/usr/bin/env python3
"""Small helpers for bench/run.sh (stdlib only).

  benchlib.py free-port
  benchlib.py image-bytes LAYOUT REF          bytes skopeo moves for the image (manifest+config+layers)
  benchlib.py layer-digest LAYOUT REF         digest of the image's first layer
  benchlib.py blob-digests LAYOUT REF         the image's config and layer digests, one a line
  benchlib.py verify LAYOUT REF PULLED REF2   the pulled layout holds the same manifest, every blob
                                              present and hashing to its name
  benchlib.py access-bytes LOG OFFSET         bytes of the responses Distribution's access log
                                              records after byte OFFSET of LOG
  benchlib.py webhook-count NS LOG...         per receiver log, the distinct event ids received of namespace NS
  benchlib.py webhook-stats NS N PUSH_END CLASS=LOG...
                                              delivery counts, duplicates and lag of NS's events (CLASS fast
                                              or slow), as "metric<TAB>value" lines, and "problem<TAB>text"
  benchlib.py webhook-deliveries FILE...      Berth's delivery logs (GET /api/v1/webhooks/ID/deliveries):
                                              "total delivered retries" summed over the files
  benchlib.py report SAMPLES META OUT         median table to stdout, full report into OUT
"""
import math
import hashlib
import json
import os
import re
import socket
import statistics
import sys


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _blob(layout, digest):
    algorithm, hexpart = digest.split(":", 1)
    return os.path.join(layout, "blobs", algorithm, hexpart)


def _manifest(layout, ref):
    with open(os.path.join(layout, "index.json")) as f:
        index = json.load(f)
    for descriptor in index["manifests"]:
        if descriptor.get("annotations", {}).get("org.opencontainers.image.ref.name") == ref:
            with open(_blob(layout, descriptor["digest"]), "rb") as f:
                return descriptor, json.load(f)
    raise SystemExit("no image %r in %s" % (ref, layout))


def image_bytes(layout, ref):
    descriptor, manifest = _manifest(layout, ref)
    return descriptor["size"] + manifest["config"]["size"] + sum(l["size"] for l in manifest["layers"])


# Distribution's access log is Apache's combined format (gorilla/handlers): ... "GET /v2/... HTTP/1.1"
# STATUS SIZE "referer" "agent", SIZE being the bytes of the body it wrote (0 for a HEAD).
_ACCESS_STATUS_SIZE = re.compile(r'" (\d{3}) (\d+|-) "')


def access_bytes(log, offset):
    total = 0
    with open(log, "rb") as f:
        f.seek(offset)
        for line in f:
            if not line.endswith(b"\n"):
                break  # a line still being written belongs to the next count
            match = _ACCESS_STATUS_SIZE.search(line.decode("utf-8", "replace"))
            if not match:
                raise SystemExit("not an access log line: %r" % line[:200])
            if match.group(2) != "-":
                total += int(match.group(2))
    return total


def _sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                return "sha256:" + h.hexdigest()
            h.update(chunk)


def verify(layout, ref, pulled, pulled_ref):
    source_descriptor, source = _manifest(layout, ref)
    descriptor, manifest = _manifest(pulled, pulled_ref)
    problems = []
    if descriptor["digest"] != source_descriptor["digest"]:
        problems.append("manifest digest %s, pushed %s" % (descriptor["digest"], source_descriptor["digest"]))
    wanted = [source["config"]] + source["layers"]
    got = [manifest["config"]] + manifest["layers"]
    if [d["digest"] for d in wanted] != [d["digest"] for d in got]:
        problems.append("blob list differs from the pushed image")
    for d in got:
        path = _blob(pulled, d["digest"])
        if not os.path.exists(path):
            problems.append("missing blob " + d["digest"])
        elif os.path.getsize(path) != d["size"] or _sha256_file(path) != d["digest"]:
            problems.append("blob %s does not hash to its digest" % d["digest"])
    if problems:
        raise SystemExit("verify %s: %s" % (ref, "; ".join(problems)))


# ---------------------------------------------------------------- webhooks

def _receiver_entries(log):
    """The JSON lines bench/webhook_receiver.py wrote to LOG; a line still being written is left out."""
    entries = []
    with open(log, "rb") as f:
        for line in f:
            if not line.endswith(b"\n"):
                break
            entries.append(json.loads(line))
    return entries


def _namespace(entry):
    repository = entry.get("repository")
    return repository.split("/", 1)[0] if isinstance(repository, str) else None


def webhook_count(namespace, logs):
    counts = []
    for log in logs:
        counts.append(len({e["id"] for e in _receiver_entries(log) if not e.get("error")
                           and _namespace(e) == namespace}))
    return counts


def _percentile(values, p):
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def webhook_stats(namespace, expected, push_end, specs):
    """Per receiver: distinct events of NAMESPACE, duplicates; per class (fast, slow): the lag from
    each event's time to its first arrival (p50, p99, ms) and the last first arrival after the push
    ended (s). Problems: anything that is not exactly one delivery of each event to each receiver."""
    out, problems = [], []
    lags = {}
    drains = {}
    event_sets = {}
    duplicates = 0
    for spec in specs:
        kind, log = spec.split("=", 1)
        if kind not in ("fast", "slow"):
            raise SystemExit("webhook-stats: CLASS is fast or slow, not %r" % kind)
        name = os.path.basename(log).rsplit(".", 1)[0]
        entries = _receiver_entries(log)
        for e in entries:
            if e.get("error"):
                problems.append("%s: %s (%s %s, webhook-id %s)" % (name, e["error"], e.get("method"), e.get("path"),
                                                                  e.get("webhook_id")))
        mine = [e for e in entries if not e.get("error") and _namespace(e) == namespace]
        first = {}
        keys = {}
        for e in mine:
            if e.get("type") != "dev.berth.manifest.pushed":
                problems.append("%s: an event of type %s, subscribed to manifest.pushed only" % (name, e.get("type")))
            if e["id"] not in first or e["arrival"] < first[e["id"]]["arrival"]:
                first[e["id"]] = e
            keys.setdefault(e["id"], set()).add(e.get("webhook_id"))
        extra = len(mine) - len(first)
        duplicates += extra
        if extra:
            # The same webhook-id again is a retry of one delivery; another webhook-id, a second
            # delivery made for the same event and subscription.
            received = {}
            for e in mine:
                received[e["id"]] = received.get(e["id"], 0) + 1
            problems.append("%s: %d duplicate deliveries: %d events received more than once, %d of them under "
                            "more than one webhook-id (a second delivery made for one event)"
                            % (name, extra, sum(1 for n in received.values() if n > 1),
                               sum(1 for k in keys.values() if len(k) > 1)))
        if len(first) != expected:
            problems.append("%s: %d distinct events of namespace %s received, %d expected"
                            % (name, len(first), namespace, expected))
        for e in first.values():
            lag = e["arrival"] - e["time_epoch"]
            if lag < -0.005:
                problems.append("%s: event %s arrived %.3f s before its time %s" % (name, e["id"], -lag, e["time"]))
            lags.setdefault(kind, []).append(lag * 1000)
            drains[kind] = max(drains.get(kind, float("-inf")), e["arrival"] - push_end)
        event_sets[name] = set(first)
        out.append(("events_delivered_" + name, len(first)))
    union = set().union(*event_sets.values()) if event_sets else set()
    for name, ids in event_sets.items():
        if ids != union:
            problems.append("%s: missing %d of the %d events the receivers got between them"
                            % (name, len(union - ids), len(union)))
    out.append(("events_duplicates", duplicates))
    for kind in ("fast", "slow"):
        if lags.get(kind):
            out.append(("events_lag_p50_" + kind, "%.1f" % _percentile(lags[kind], 50)))
            out.append(("events_lag_p99_" + kind, "%.1f" % _percentile(lags[kind], 99)))
            out.append(("events_drain_" + kind, "%.3f" % drains[kind]))
    for key, value in out:
        print("%s\t%s" % (key, value))
    for problem in problems:
        print("problem\t%s" % problem)


def webhook_deliveries(files):
    """Sums Berth's delivery logs: deliveries, those delivered, and attempts beyond each one's first."""
    total = delivered = retries = 0
    for path in files:
        with open(path) as f:
            listing = json.load(f)
        total += listing["total"]
        for item in listing["items"]:
            delivered += item["state"] == "delivered"
            retries += max(0, item["attempts"] - 1)
    print(total, delivered, retries)


# ---------------------------------------------------------------- report

# key, label, unit, higher is better, target (text, ratio against, min or max ratio)
METRICS = [
    ("push_big", "push {big} layer (skopeo)", "MB/s", True, ("≥ 1.0× Distribution", "distribution", 1.0)),
    ("pull_big", "pull {big} layer (skopeo)", "MB/s", True, ("≥ 1.0× Distribution", "distribution", 1.0)),
    ("push_five", "push 5-layer {five} image", "MB/s", True, ("≥ 1.0× Distribution", "distribution", 1.0)),
    ("pull_five", "pull 5-layer {five} image", "MB/s", True, ("≥ 1.0× Distribution", "distribution", 1.0)),
    ("get_blob", "blob GET {big} (curl)", "MB/s", True, ("≥ 0.9× nginx sendfile", "nginx", 0.9)),
    ("manifest_rps", "manifest GET, auth off (wrk -c32)", "req/s", True, ("≥ 1.0× Distribution", "distribution", 1.0)),
    ("manifest_rps_auth", "manifest GET, Berth auth on (bearer) vs Distribution auth off", "req/s", True, ("≥ 0.8× Distribution", "distribution_auth_off", 0.8)),
    ("tags_rps", "tag list, auth off (wrk -c32)", "req/s", True, ("≥ 1.0× Distribution", "distribution", 1.0)),
    ("tags_rps_auth", "tag list, Berth auth on (bearer) vs Distribution auth off", "req/s", True, ("≥ 0.8× Distribution", "distribution_auth_off", 0.8)),
    ("parallel_push", "{small} small images pushed by 8 parallel clients", "s", False, ("≤ 1.0× Distribution", "distribution", 1.0)),
    ("idle_rss", "resident memory idle, 10 s after start (VmRSS)", "MiB", False, None),
    ("rss", "peak resident memory (VmHWM)", "MiB", False, None),
    ("startup", "start to first 200 on /v2/ (wall)", "s", False, None),
    ("startup_cpu", "CPU used by first 200 on /v2/ (user+sys)", "s", False, None),
    ("warm_push", "first minute: 1 MiB push (skopeo), median of 20 after a fresh start", "s", False, ("≤ 1.2× Distribution", "distribution", 1.2)),
    ("warm_pull", "first minute: 1 MiB pull (skopeo), median of 20 after a fresh start", "s", False, ("≤ 1.2× Distribution", "distribution", 1.2)),
    ("warm_manifest_first", "first minute: manifest GET in the first 1 s of load (wrk -c32)", "req/s", True, None),
    ("warm_manifest_steady", "first minute: seconds of load until manifest GET is at 90% of its steady rate", "s", False, ("≤ 5 s", "value", 5)),
    ("smallheap_push", "push {big} layer, Berth -Xmx128m", "MB/s", True, ("completes", None, None)),
    ("smallheap_pull", "pull {big} layer, Berth -Xmx128m", "MB/s", True, ("completes", None, None)),
    ("smallheap_rss", "peak resident memory, Berth -Xmx128m", "MiB", False, None),
]
# Distribution has no token server of its own: Berth with auth on is held to Distribution's auth-off figure.
AUTH_ROWS_AGAINST = {"manifest_rps_auth": "manifest_rps", "tags_rps_auth": "tags_rps"}

# The pull-through cache scenario: Berth and Distribution (proxy mode) in front of one upstream.
# key, label, unit, higher is better, target, and the key of the same work done straight against
# the upstream (the "upstream direct" column). A target's "value" bounds Berth's figure itself.
# "copies": bytes the upstream sent while the pull ran (and the cache's own fetches finished),
# over the image's bytes.
WITHIN_1_2 = ("time ≤ 1.2× upstream direct (speed ≥ 0.83×)", "upstream", 1 / 1.2)
PROXY_METRICS = [
    ("proxy_cold_five", "cold pull 5-layer {five} image", "MB/s", True, WITHIN_1_2, "proxy_direct_five"),
    ("proxy_cold_big", "cold pull {big} layer", "MB/s", True, WITHIN_1_2, "proxy_direct_big"),
    ("proxy_warm_five", "warm pull (cached) 5-layer {five} image", "MB/s", True, None, "proxy_direct_five"),
    ("proxy_warm_big", "warm pull (cached) {big} layer", "MB/s", True, None, "proxy_direct_big"),
    ("proxy_concurrent", "8 concurrent cold pulls of a 5-layer {five} image (wall)", "s", False, None,
     "proxy_concurrent"),
    ("proxy_concurrent_mb", "upstream bytes sent for those 8 pulls", "MB", False, None, "proxy_concurrent_mb"),
    ("proxy_concurrent_copies", "the same, in copies of the image", "copies", False,
     ("one copy (≤ 1.05)", "value", 1.05), "proxy_concurrent_copies"),
    ("proxy_cold_five_copies", "copies fetched upstream by a cold pull, 5-layer", "copies", False,
     ("one copy (≤ 1.05)", "value", 1.05), None),
    ("proxy_cold_big_copies", "copies fetched upstream by a cold pull, {big} layer", "copies", False,
     ("one copy (≤ 1.05)", "value", 1.05), None),
    ("proxy_warm_five_copies", "copies fetched upstream by a warm pull, 5-layer", "copies", False,
     ("none (≤ 0.01)", "value", 0.01), None),
    ("proxy_warm_big_copies", "copies fetched upstream by a warm pull, {big} layer", "copies", False,
     ("none (≤ 0.01)", "value", 0.01), None),
    ("proxy_rss", "peak resident memory of the cache (VmHWM)", "MiB", False, None, None),
]
# The events scenario: Berth alone, its parallel push timed without subscriptions ("plain") and
# with three ("hooked") in the same round. key, label, unit, how the rounds are summed up
# (median; min or max for the checks, so one bad round shows), target (text, bound, on what:
# "ratio" with / without, "value" the figure itself, "exact" every round equal to the bound).
EVENT_METRICS = [
    ("events_push", "{events} small images pushed by 8 parallel clients", "s", "median",
     ("with ≤ 1.05× without", 1.05, "ratio")),
    ("events_lag_p50_fast", "delivery lag p50, the 2 fast receivers", "ms", "median", None),
    ("events_lag_p99_fast", "delivery lag p99, the 2 fast receivers", "ms", "median", None),
    ("events_lag_p50_slow", "delivery lag p50, the slow receiver (answers after 1 s)", "ms", "median", None),
    ("events_lag_p99_slow", "delivery lag p99, the slow receiver", "ms", "median", None),
    ("events_drain_fast", "last delivery after the push ended, fast receivers", "s", "median", None),
    ("events_drain_slow", "last delivery after the push ended, slow receiver", "s", "median", None),
    ("events_delivered_fast1", "events delivered to fast receiver 1 (distinct ids)", "events", "min",
     ("{events} in every round", None, "exact")),
    ("events_delivered_fast2", "events delivered to fast receiver 2 (distinct ids)", "events", "min",
     ("{events} in every round", None, "exact")),
    ("events_delivered_slow", "events delivered to the slow receiver (distinct ids)", "events", "min",
     ("{events} in every round", None, "exact")),
    ("events_duplicates", "duplicate deliveries (an event id received again), all receivers", "requests", "max",
     ("none", 0, "exact")),
    ("events_retries", "attempts beyond the first, Berth's delivery log", "attempts", "max", ("none", 0, "exact")),
    ("events_log_problems", "WARN and ERROR lines in Berth's log after start-up", "lines", "max",
     ("none", 0, "exact")),
    ("events_rss", "peak resident memory (VmHWM), at the round's end", "MiB", "median", None),
]

KEEP_MARKER = "<!-- Everything below this line is written by hand and kept when run.sh rewrites this file. -->"


def _fmt(value, unit):
    if value is None:
        return "–"
    if unit == "copies":
        return "%.2f" % value
    if unit == "req/s" or (unit in ("MB/s", "MiB", "MB") and value >= 100):
        return "%.0f" % value
    if unit == "s" and value < 10:
        return "%.2f" % value
    if unit in ("events", "requests", "attempts", "lines"):
        return "%d" % value
    if unit == "ms":
        return "%.0f" % value if value >= 100 else "%.1f" % value
    return "%.1f" % value


def report(samples_path, meta_path, out_path):
    samples = {}
    with open(samples_path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                samples.setdefault((parts[0], parts[1]), []).append(float(parts[2]))
    meta = []
    with open(meta_path) as f:
        for line in f:
            if "\t" in line:
                meta.append(line.rstrip("\n").split("\t", 1))
    meta_map = dict(meta)

    def median(key, system):
        values = samples.get((key, system))
        return statistics.median(values) if values else None

    def ahead(key, system, against_key, higher):
        """In how many same-round pairs Berth beat Distribution: the spread a median hides."""
        mine, theirs = samples.get((key, system)), samples.get((against_key, "distribution"))
        if not mine or not theirs:
            return "–"
        pairs = list(zip(mine, theirs))
        if all(b == d for b, d in pairs):
            return "tied"  # e.g. no bytes fetched by either warm cache: neither won
        won = sum(1 for b, d in pairs if (b > d if higher else b < d))
        return "%d of %d" % (won, len(pairs))

    sizes = {"big": meta_map.get("big_label", "big"), "five": meta_map.get("five_label", "~200 MiB"),
             "small": meta_map.get("small_count", "")}

    def table(metrics, reference, reference_name):
        """Rows of the metrics measured; reference(key) is the (key, system) of the third column."""
        rows = ["| metric | unit | Berth | Distribution | %s | Berth / Distribution | Berth ahead (same-round pairs) "
                "| Berth / %s | target | met |" % (reference_name, reference_name),
                "|---|---|---:|---:|---:|---:|---:|---:|---|---|"]
        for key, label, unit, higher, target, *_ in metrics:
            label = label.format(**sizes)
            system = "berth-small" if key.startswith("smallheap") else "berth"
            against = AUTH_ROWS_AGAINST.get(key, key)
            b, d = median(key, system), median(against, "distribution")
            n = median(*reference(key)) if reference(key) else None
            if b is None and d is None:
                continue
            ratio_d = b / d if b is not None and d else None
            ratio_n = b / n if b is not None and n else None
            met = ""
            target_text = ""
            if target:
                target_text, versus, bound = target
                if versus is None:
                    met = "yes" if b is not None else "no"
                else:
                    ratio = (b if versus == "value" else ratio_d if versus.startswith("distribution") else ratio_n)
                    if ratio is not None:
                        met = "yes" if (ratio >= bound if higher else ratio <= bound) else "**no**"
            rows.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                label, unit, _fmt(b, unit), _fmt(d, unit), _fmt(n, unit),
                "%.2f×" % ratio_d if ratio_d is not None else "–",
                ahead(key, system, against, higher),
                "%.2f×" % ratio_n if ratio_n is not None else "–", target_text, met))
        return "\n".join(rows) if len(rows) > 2 else None

    def events_table():
        """With subscriptions against without, both Berth; every round's figure beside the summary."""
        rows = ["| metric | unit | Berth, 3 subscriptions | Berth, none | with / without | per round | target | met |",
                "|---|---|---:|---:|---:|---|---|---|"]
        expected = int(meta_map.get("events_count", "100"))
        for key, label, unit, summary, target in EVENT_METRICS:
            label = label.format(events=expected)
            system = "hooked" if key == "events_push" else "berth"
            mine = samples.get((key, system))
            if not mine:
                continue
            plain = samples.get((key, "plain")) if key == "events_push" else None
            b = {"median": statistics.median, "min": min, "max": max}[summary](mine)
            n = statistics.median(plain) if plain else None
            ratio = b / n if n else None
            if plain:
                per_round = ", ".join("%.2f×" % (h / p) for h, p in zip(mine, plain) if p)
            else:
                per_round = ", ".join(_fmt(v, unit) for v in mine)
            met = ""
            target_text = ""
            if target:
                target_text, bound, on = target
                target_text = target_text.format(events=expected)
                if on == "ratio":
                    met = "" if ratio is None else "yes" if ratio <= bound else "**no**"
                else:
                    bound = expected if bound is None else bound
                    met = "yes" if all(v == bound for v in mine) else "**no**"
            rows.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                label, unit, _fmt(b, unit), _fmt(n, unit), "%.2f×" % ratio if ratio is not None else "–",
                per_round, target_text, met))
        return "\n".join(rows) if len(rows) > 2 else None

    registry_table = table(METRICS, lambda key: (key, "nginx"), "nginx")
    proxy_references = {m[0]: m[5] for m in PROXY_METRICS}
    proxy_table = table(PROXY_METRICS,
                        lambda key: (proxy_references[key], "upstream") if proxy_references[key] else None,
                        "upstream direct")
    event_table = events_table()
    for t in (registry_table, proxy_table, event_table):
        if t:
            print(t + "\n")

    raw = ["| metric | system | samples |", "|---|---|---|"]
    for (key, system), values in sorted(samples.items()):
        raw.append("| %s | %s | %s |" % (key, system, ", ".join("%.3g" % v for v in values)))

    kept = ""
    if os.path.exists(out_path):
        with open(out_path) as f:
            text = f.read()
        if KEEP_MARKER in text:
            kept = text.split(KEEP_MARKER, 1)[1]
    runs = meta_map.get("runs") or str(len(samples.get(("push_big", "berth"), [])))
    lines = [
        "# Berth vs CNCF Distribution: benchmark results", "",
        "Written by `bench/run.sh` on %s. Each figure is the median of %s run(s) (pulls and blob GETs: "
        "two samples per run, in the order A B B A); MB/s is 10^6 bytes/s."
        % (meta_map.get("date", "?"), runs),
        "Ratios are Berth / other; for seconds, memory and upstream bytes lower is better. \"Berth ahead\" pairs each Berth sample "
        "with Distribution's from the same round and slot, and counts the pairs Berth won: a median ratio near "
        "1.0× with about half the pairs won is parity, not a lead or a loss.", "",
        "**Noise:** this machine (%s cores) is shared with other engineers' test runs, so figures move "
        "from run to run; load average at start / end: %s / %s. Compare ratios taken in the same run, "
        "not absolute numbers across runs." % (meta_map.get("nproc", "?"), meta_map.get("loadavg_start", "?"),
                                               meta_map.get("loadavg_end", "?")),
        ""]
    if registry_table:
        lines += [registry_table, ""]
    if proxy_table:
        lines += [
            "## Pull-through cache", "",
            "Berth (upstream `up`, pulled as `CACHE/up/<repository>`) and Distribution in proxy mode, each on "
            "empty storage every round, in front of one plain Distribution, the upstream; \"upstream direct\" is "
            "the same pull straight from it. Cold pulls: one per cache per round, the direct pull before and "
            "after them; warm pulls A B B A; the 8 concurrent pulls fetch an image no cache has seen. Upstream "
            "bytes are the response sizes in the upstream's access log from the start of the pull until it has "
            "had no request in flight for a second; copies are those bytes over the image's.", "",
            proxy_table, ""]
    if event_table:
        lines += [
            "## Events and webhooks", "",
            "Berth alone (Distribution's notifications are in-memory, so it has no row here). Each round "
            "starts a Berth on empty storage and times the parallel push twice, with other images each "
            "time: once with no webhook subscription, once with three (manifest.pushed, CloudEvents) to "
            "loopback receivers, two answering 204 at once and one after 1 s; which goes first alternates "
            "by round. Delivery lag is a receiver's arrival time minus the event's `time` (when Berth "
            "recorded the push), first arrival per event id; \"per round\" lists each round's figure "
            "(for the push, its with / without ratio).", "",
            event_table, ""]
    lines += ["## Machine, versions, command", "", "| | |", "|---|---|"]
    for k, v in meta:
        if k in ("big_label", "five_label", "small_count", "events_count"):
            continue
        lines.append("| %s | %s |" % (k, v.replace("|", "\\|")))
    lines += ["", "## Raw samples", "", *raw, "", KEEP_MARKER]
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + (kept if kept else "\n"))


def shipped_jvm_flags(pom_path):
    """The JVM flags Berth ships with: pom.xml's berth.jvm.args with its ${...} references resolved."""
    import xml.etree.ElementTree as ET
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    properties = {child.tag.split("}")[1]: (child.text or "").strip()
                  for child in ET.parse(pom_path).getroot().find("m:properties", ns)}
    value = properties["berth.jvm.args"]
    while "${" in value:
        value = re.sub(r"\$\{([^}]+)\}", lambda m: properties[m.group(1)], value)
    return value.split()


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "free-port":
        print(free_port())
    elif command == "shipped-jvm-flags":
        print("\n".join(shipped_jvm_flags(argv[2])))
    elif command == "image-bytes":
        print(image_bytes(argv[2], argv[3]))
    elif command == "layer-digest":
        print(_manifest(argv[2], argv[3])[1]["layers"][0]["digest"])
    elif command == "blob-digests":
        manifest = _manifest(argv[2], argv[3])[1]
        print("\n".join(d["digest"] for d in [manifest["config"]] + manifest["layers"]))
    elif command == "access-bytes":
        print(access_bytes(argv[2], int(argv[3])))
    elif command == "verify":
        verify(argv[2], argv[3], argv[4], argv[5])
    elif command == "webhook-count":
        print(" ".join(str(n) for n in webhook_count(argv[2], argv[3:])))
    elif command == "webhook-stats":
        webhook_stats(argv[2], int(argv[3]), float(argv[4]), argv[5:])
    elif command == "webhook-deliveries":
        webhook_deliveries(argv[2:])
    elif command == "report":
        report(argv[2], argv[3], argv[4])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
