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
  benchlib.py report SAMPLES META OUT         median table to stdout, full report into OUT
"""
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
    ("rss", "peak resident memory (VmHWM)", "MiB", False, None),
    ("startup", "start to first 200 on /v2/ (wall)", "s", False, None),
    ("startup_cpu", "CPU used by first 200 on /v2/ (user+sys)", "s", False, None),
    ("xmx256_push", "push {big} layer, Berth -Xmx256m", "MB/s", True, ("completes", None, None)),
    ("xmx256_pull", "pull {big} layer, Berth -Xmx256m", "MB/s", True, ("completes", None, None)),
    ("xmx256_rss", "peak resident memory, Berth -Xmx256m", "MiB", False, None),
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
            system = "berth256" if key.startswith("xmx256") else "berth"
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

    registry_table = table(METRICS, lambda key: (key, "nginx"), "nginx")
    proxy_references = {m[0]: m[5] for m in PROXY_METRICS}
    proxy_table = table(PROXY_METRICS,
                        lambda key: (proxy_references[key], "upstream") if proxy_references[key] else None,
                        "upstream direct")
    for t in (registry_table, proxy_table):
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
    lines += ["## Machine, versions, command", "", "| | |", "|---|---|"]
    for k, v in meta:
        if k in ("big_label", "five_label", "small_count"):
            continue
        lines.append("| %s | %s |" % (k, v.replace("|", "\\|")))
    lines += ["", "## Raw samples", "", *raw, "", KEEP_MARKER]
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + (kept if kept else "\n"))


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "free-port":
        print(free_port())
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
    elif command == "report":
        report(argv[2], argv[3], argv[4])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
