#!/usr/bin/env python3
"""A webhook receiver for bench/run.sh's events scenario (stdlib only).

  webhook_receiver.py --name NAME --log FILE --port-file FILE [--delay SECONDS]

Listens on 127.0.0.1 on a port of the system's choosing, writes that port to --port-file once it
is listening (the file's presence means ready), and answers every POST with 204, after sleeping
--delay seconds (the slow receiver). Requests are handled on a thread each (ThreadingHTTPServer),
so a slow answer holds back no other request, with a listen backlog deep enough that a burst of
connections is never refused or left waiting for a SYN retransmit.

For every request it appends one JSON line to --log, written as the request arrives (before the
body is parsed and before any delay):

  {"receiver": NAME, "arrival": epoch seconds (float), "method": ..., "path": ...,
   "webhook_id": the webhook-id header, "id": the CloudEvent's id, "time": its "time" as sent,
   "time_epoch": that time in epoch seconds, "type": ..., "subject": ..., "repository": data.repository,
   "error": why the body is not a CloudEvent (absent when it is one)}

Arrival is taken when the request line and headers have been read: the moment the receiver sees
the delivery, which is what a delivery lag is measured to.
"""
import argparse
import calendar
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1 << 20

# RFC 3339 as Java's Instant.toString() writes it: 2026-12-03T08:31:45.123456789Z (fraction optional).
_RFC3339 = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$")


def rfc3339_epoch(text):
    """Epoch seconds of an RFC 3339 timestamp, nanosecond fractions kept; None when it is not one."""
    match = _RFC3339.match(text) if isinstance(text, str) else None
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction = match.group(7) or ""
    seconds = calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))
    zone = match.group(8)
    if zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        seconds -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    return seconds + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)


class Receiver(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default 5 drops connections in a burst of 8 deliveries at once

    def __init__(self, name, delay, log):
        super().__init__(("127.0.0.1", 0), Handler)
        self.name = name
        self.delay = delay
        self.log = log
        self.lock = threading.Lock()

    def record(self, entry):
        line = json.dumps(entry, sort_keys=True) + "\n"
        with self.lock:
            self.log.write(line)
            self.log.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "bench-webhook-receiver"

    def do_POST(self):
        arrival = time.time()
        entry = {"receiver": self.server.name, "arrival": arrival, "method": "POST", "path": self.path,
                 "webhook_id": self.headers.get("webhook-id")}
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            entry["error"] = "no usable Content-Length (%r)" % self.headers.get("Content-Length")
            self.close_connection = True
        else:
            body = self.rfile.read(length)
            try:
                event = json.loads(body)
                if not isinstance(event, dict):
                    raise ValueError("not a JSON object")
            except ValueError as e:
                entry["error"] = "body is not a JSON object: %s" % e
            else:
                entry["id"] = event.get("id")
                entry["time"] = event.get("time")
                entry["time_epoch"] = rfc3339_epoch(event.get("time"))
                entry["type"] = event.get("type")
                entry["subject"] = event.get("subject")
                data = event.get("data")
                entry["repository"] = data.get("repository") if isinstance(data, dict) else None
                if event.get("specversion") != "1.0" or not entry["id"] or entry["time_epoch"] is None:
                    entry["error"] = "not a CloudEvent 1.0 with an id and an RFC 3339 time"
        self.server.record(entry)
        if self.server.delay > 0:
            time.sleep(self.server.delay)
        self.send_response(204)
        self.end_headers()

    def do_GET(self):  # anything else is logged too, so a stray request shows up in the counts
        self.server.record({"receiver": self.server.name, "arrival": time.time(), "method": "GET",
                            "path": self.path, "error": "not a POST"})
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):  # the JSON log is the record; no per-request stderr line
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--name", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    with open(args.log, "a", buffering=1) as log:
        server = Receiver(args.name, args.delay, log)
        with open(args.port_file + ".tmp", "w") as f:
            f.write("%d\n" % server.server_address[1])
        os.replace(args.port_file + ".tmp", args.port_file)
        print("receiver %s on 127.0.0.1:%d, delay %.3f s, log %s" % (args.name, server.server_address[1],
                                                                     args.delay, args.log), file=sys.stderr)
        server.serve_forever()


if __name__ == "__main__":
    main()
