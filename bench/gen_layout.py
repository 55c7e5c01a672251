#!/usr/bin/env python3
"""Writes the benchmark's OCI image layout from seeded pseudo-random data (stdlib only).

Each layer is a real tar holding one file of incompressible bytes, wrapped in gzip at level 0
(stored blocks): a valid tar+gzip layer that skopeo recognises as compressed and therefore copies
byte for byte instead of recompressing it, so the benchmark measures the registry, not gzip.

The same arguments always give the same bytes and digests. One layout holds every image, each
under its own ref name (oci:<dir>:<ref>):

  big      one layer of --big-mib MiB
  five     five layers summing to --five-mib MiB
  s000...  --small-count small images, two unique layers each (8 KiB and 96 KiB)
  m000...  --one-mib-count single-layer images of about 1 MiB each

Usage: gen_layout.py DIR --big-mib N --five-mib N --small-count N [--one-mib-count N] [--seed-prefix P]

--seed-prefix gives the same refs and sizes with other bytes (run.sh's untimed warm-up set).
"""
import argparse
import hashlib
import json
import os
import random
import sys
import tarfile
import zlib

CHUNK = 1 << 20


class RandomReader:
    """read(n) of a deterministic byte stream: random.Random(seed).randbytes."""

    def __init__(self, seed, size):
        self.rng = random.Random(seed)
        self.remaining = size

    def read(self, n=-1):
        if n is None or n < 0 or n > self.remaining:
            n = self.remaining
        self.remaining -= n
        return self.rng.randbytes(n)


class LayerWriter:
    """File-like sink: hashes the tar (diff_id), gzips it (level 0), hashes and writes the result."""

    def __init__(self, tmp_path):
        self.out = open(tmp_path, "wb")
        self.diff = hashlib.sha256()
        self.blob = hashlib.sha256()
        self.size = 0
        # wbits 31 = gzip container; mtime is not written by zlib, so the header is deterministic.
        self.gz = zlib.compressobj(0, zlib.DEFLATED, 31)

    def _emit(self, data):
        if data:
            self.blob.update(data)
            self.out.write(data)
            self.size += len(data)

    def write(self, data):
        self.diff.update(data)
        self._emit(self.gz.compress(data))
        return len(data)

    def close(self):
        self._emit(self.gz.flush())
        self.out.close()


def put_blob(layout, data):
    digest = hashlib.sha256(data).hexdigest()
    path = os.path.join(layout, "blobs", "sha256", digest)
    if not os.path.exists(path):
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.replace(path + ".tmp", path)
    return {"digest": "sha256:" + digest, "size": len(data)}


def make_layer(layout, seed, size):
    tmp = os.path.join(layout, "blobs", "sha256", "layer-%s.tmp" % seed)
    writer = LayerWriter(tmp)
    with tarfile.open(fileobj=writer, mode="w|", format=tarfile.USTAR_FORMAT, bufsize=CHUNK) as tar:
        info = tarfile.TarInfo("data-%s.bin" % seed)
        info.size = size
        info.mtime = 0
        info.mode = 0o644
        info.uname = info.gname = "root"
        tar.addfile(info, RandomReader(seed, size))
    writer.close()
    digest = writer.blob.hexdigest()
    os.replace(tmp, os.path.join(layout, "blobs", "sha256", digest))
    return ({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
             "digest": "sha256:" + digest, "size": writer.size},
            "sha256:" + writer.diff.hexdigest())


def make_image(layout, ref, layer_specs):
    layers, diff_ids = [], []
    for seed, size in layer_specs:
        descriptor, diff_id = make_layer(layout, seed, size)
        layers.append(descriptor)
        diff_ids.append(diff_id)
    config = {"architecture": "amd64", "os": "linux",
              "config": {"Labels": {"dev.berth.bench.ref": ref}},
              "rootfs": {"type": "layers", "diff_ids": diff_ids}}
    config_descriptor = put_blob(layout, json.dumps(config, sort_keys=True).encode())
    config_descriptor["mediaType"] = "application/vnd.oci.image.config.v1+json"
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": config_descriptor, "layers": layers}
    manifest_descriptor = put_blob(layout, json.dumps(manifest, sort_keys=True).encode())
    manifest_descriptor["mediaType"] = "application/vnd.oci.image.manifest.v1+json"
    manifest_descriptor["annotations"] = {"org.opencontainers.image.ref.name": ref}
    return manifest_descriptor


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--big-mib", type=int, required=True)
    parser.add_argument("--five-mib", type=int, required=True)
    parser.add_argument("--small-count", type=int, required=True)
    parser.add_argument("--one-mib-count", type=int, default=0)
    parser.add_argument("--seed-prefix", default="")
    args = parser.parse_args()
    seed = args.seed_prefix

    layout = args.dir
    os.makedirs(os.path.join(layout, "blobs", "sha256"), exist_ok=True)
    index = []
    print("generating %d MiB layer" % args.big_mib, file=sys.stderr)
    # A few KiB less than the round size: tar headers and gzip framing bring the blob back to ~N MiB.
    index.append(make_image(layout, "big", [(seed + "big", args.big_mib * CHUNK - 4096)]))
    five = args.five_mib * CHUNK // 5
    print("generating five layers of %d MiB" % (five // CHUNK), file=sys.stderr)
    index.append(make_image(layout, "five", [(seed + "five-%d" % i, five - 4096) for i in range(5)]))
    print("generating %d small images" % args.small_count, file=sys.stderr)
    for i in range(args.small_count):
        ref = "s%03d" % i
        index.append(make_image(layout, ref, [(seed + ref + "-a", 8 * 1024), (seed + ref + "-b", 96 * 1024)]))
    print("generating %d single-layer 1 MiB images" % args.one_mib_count, file=sys.stderr)
    for i in range(args.one_mib_count):
        ref = "m%03d" % i
        index.append(make_image(layout, ref, [(seed + ref, CHUNK - 4096)]))
    with open(os.path.join(layout, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(os.path.join(layout, "index.json.tmp"), "w") as f:
        json.dump({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                   "manifests": index}, f, sort_keys=True)
    # index.json last: its presence marks a complete layout.
    os.replace(os.path.join(layout, "index.json.tmp"), os.path.join(layout, "index.json"))


if __name__ == "__main__":
    main()
