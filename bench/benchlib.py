#!/usr/bin/env python3
"""Small helpers for bench/run.sh (stdlib only).

  benchlib.py free-port
  benchlib.py image-bytes LAYOUT REF          bytes skopeo moves for the image (manifest+config+layers)
  benchlib.py layer-digest LAYOUT REF         digest of the image's first layer
  benchlib.py verify LAYOUT REF PULLED REF2   the pulled layout holds the same manifest, every blob
                                              present and hashing to its name
  benchlib.py report SAMPLES META OUT         median table to stdout, full report into OUT
"""
import hashlib
import json
import os
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
KEEP_MARKER = "<!-- Everything below this line is written by hand and kept when run.sh rewrites this file. -->"


def _fmt(value, unit):
    if value is None:
        return "–"
    if unit == "req/s" or (unit in ("MB/s", "MiB") and value >= 100):
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
        won = sum(1 for b, d in pairs if (b > d if higher else b < d))
        return "%d of %d" % (won, len(pairs))

    rows = ["| metric | unit | Berth | Distribution | nginx | Berth / Distribution | Berth ahead (same-round pairs) "
            "| Berth / nginx | target | met |",
            "|---|---|---:|---:|---:|---:|---:|---:|---|---|"]
    sizes = {"big": meta_map.get("big_label", "big"), "five": meta_map.get("five_label", "~200 MiB"),
             "small": meta_map.get("small_count", "")}
    for key, label, unit, higher, target in METRICS:
        label = label.format(**sizes)
        system = "berth256" if key.startswith("xmx256") else "berth"
        b, d, n = median(key, system), median(AUTH_ROWS_AGAINST.get(key, key), "distribution"), median(key, "nginx")
        if b is None and d is None:
            continue
        ratio_d = b / d if b is not None and d else None
        ratio_n = b / n if b is not None and n else None
        met = ""
        target_text = ""
        if target:
            target_text, against, bound = target
            if against is None:
                met = "yes" if b is not None else "no"
            else:
                ratio = ratio_d if against.startswith("distribution") else ratio_n
                if ratio is not None:
                    met = "yes" if (ratio >= bound if higher else ratio <= bound) else "**no**"
        rows.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            label, unit, _fmt(b, unit), _fmt(d, unit), _fmt(n, unit),
            "%.2f×" % ratio_d if ratio_d is not None else "–",
            ahead(key, system, AUTH_ROWS_AGAINST.get(key, key), higher),
            "%.2f×" % ratio_n if ratio_n is not None else "–", target_text, met))
    table = "\n".join(rows)
    print(table)

    raw = ["| metric | system | samples |", "|---|---|---|"]
    for (key, system), values in sorted(samples.items()):
        raw.append("| %s | %s | %s |" % (key, system, ", ".join("%.3g" % v for v in values)))

    kept = ""
    if os.path.exists(out_path):
        with open(out_path) as f:
            text = f.read()
        if KEEP_MARKER in text:
            kept = text.split(KEEP_MARKER, 1)[1]
    runs = len(samples.get(("push_big", "berth"), []))
    lines = [
        "# Berth vs CNCF Distribution: benchmark results", "",
        "Written by `bench/run.sh` on %s. Each figure is the median of %d run(s) (pulls and blob GETs: "
        "two samples per run, in the order A B B A); MB/s is 10^6 bytes/s."
        % (meta_map.get("date", "?"), runs),
        "Ratios are Berth / other; for seconds and MiB lower is better. \"Berth ahead\" pairs each Berth sample "
        "with Distribution's from the same round and slot, and counts the pairs Berth won: a median ratio near "
        "1.0× with about half the pairs won is parity, not a lead or a loss.", "",
        "**Noise:** this machine (%s cores) is shared with other engineers' test runs, so figures move "
        "from run to run; load average at start / end: %s / %s. Compare ratios taken in the same run, "
        "not absolute numbers across runs." % (meta_map.get("nproc", "?"), meta_map.get("loadavg_start", "?"),
                                               meta_map.get("loadavg_end", "?")),
        "", table, "", "## Machine, versions, command", "",
        "| | |", "|---|---|"]
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
    elif command == "verify":
        verify(argv[2], argv[3], argv[4], argv[5])
    elif command == "report":
        report(argv[2], argv[3], argv[4])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
