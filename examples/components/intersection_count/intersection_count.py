#!/usr/bin/env python3
# Copyright 2026 The Hutong Authors
# SPDX-License-Identifier: Apache-2.0
"""intersection_count: an external Hutong component written outside Java, on the env contract only.

Counts the rows of its input dataset (e.g. the PSI result CSV of the upstream task), exchanges the
count with the other party through the node's container API for PTP messages, writes both counts as
its output, reports RUNNING/SUCCESS through system.callback and exits 0 -- or reports FAILED and
exits 2 with a line on stderr when the counts differ. Python 3 standard library only.
"""
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request

TOPIC = "intersection_count"


def env(key, default=None):
    value = os.environ.get(key, default)
    if value is None:
        fail("the environment contract has no " + key, report=False)
    return value


def log(line):
    print(line, flush=True)  # stdout: one line = one record of the task log


def fail(message, code=1, report=True):
    print("intersection_count: " + message, file=sys.stderr, flush=True)
    if report:
        callback("FAILED")
    sys.exit(code)


def post(url, body, headers=None, timeout=30):
    data = json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return json.loads(answer.read().decode("utf-8") or "{}")


def self_role():
    return env("config.self_role").split(",")[0].strip()


def callback(status):
    url = os.environ.get("system.callback")
    if not url:
        return
    role = self_role().rsplit(".", 1)[0]
    try:
        post(url, {"task_id": env("config.task_id"), "status": status, "role": role})
    except (urllib.error.URLError, OSError) as e:
        # the exit code still tells the node how the task ended
        print("intersection_count: callback " + status + " not taken: " + str(e), file=sys.stderr, flush=True)


def storage_path(ref_json):
    storage = env("system.storage")
    if not storage.startswith("file://"):
        fail("system.storage " + storage + " is not file://; this component reads local storage only")
    ref = json.loads(ref_json)
    root = os.path.abspath(storage[len("file://"):])
    path = os.path.abspath(os.path.join(root, ref["namespace"], ref["name"]))
    if not path.startswith(root + os.sep):
        fail("data identifier " + ref_json + " leaves the storage root")
    return path


def one_key(prefix, preferred):
    keys = sorted(k for k in os.environ if k.startswith(prefix))
    if prefix + preferred in keys:
        return prefix + preferred
    if len(keys) != 1:
        fail("expected " + prefix + preferred + " (or exactly one " + prefix + "*), found " + str(keys))
    return keys[0]


def count_rows(path):
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    return max(len(lines) - 1, 0)  # the first line is the CSV header


def ptp_headers(peer_role):
    headers = {
        "x-ptp-session-id": env("config.session_id"),
        "x-ptp-target-node-id": env("config.node_id." + peer_role),
        "x-ptp-tech-provider-code": "hutong",
        "x-ptp-trace-id": os.environ.get("config.trace_id", ""),
        "x-ptp-token": os.environ.get("config.token", ""),
    }
    inst = os.environ.get("config.inst_id." + peer_role)
    if inst:
        headers["x-ptp-target-inst-id"] = inst
    return headers


def exchange(count, me, peer, timeout_s):
    chan = "http://" + env("system.transport") + "/v1/interconn/chan/"
    payload = base64.b64encode(json.dumps({"role": me, "count": count}).encode("utf-8")).decode("ascii")
    pushed = post(chan + "push", {"topic": TOPIC + "." + me, "payload": payload}, ptp_headers(peer))
    if pushed.get("code") != "E0000000000":
        fail("push to " + peer + " refused: " + json.dumps(pushed))
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        wait_ms = int(min(10.0, max(deadline - time.monotonic(), 0.1)) * 1000)
        popped = post(chan + "pop", {"topic": TOPIC + "." + peer, "timeout": wait_ms},
                      {"x-ptp-session-id": env("config.session_id")}, timeout=wait_ms / 1000 + 30)
        if popped.get("code") != "E0000000000":
            fail("pop of " + peer + "'s count refused: " + json.dumps(popped))
        if popped.get("content"):
            message = json.loads(base64.b64decode(popped["content"]).decode("utf-8"))
            return int(message["count"])
    fail("no count from " + peer + " within " + str(timeout_s) + " s")


def main():
    callback("RUNNING")
    me = self_role()
    peers = sorted(k[len("config.node_id."):] for k in os.environ
                   if k.startswith("config.node_id.") and k != "config.node_id." + me)
    if len(peers) != 1:
        fail("intersection_count runs between two parties; config.node_id.* names " + str(peers) + " besides " + me)
    peer = peers[0]
    source = storage_path(env(one_key("runtime.component.input.", "data")))
    if not os.path.isfile(source):
        fail("input " + source + " does not exist")
    count = count_rows(source)
    log("counted " + str(count) + " rows in " + source)
    timeout_s = float(os.environ.get("runtime.component.parameter.timeout_seconds", "120"))
    try:
        peer_count = exchange(count, me, peer, timeout_s)
    except (urllib.error.URLError, OSError, ValueError) as e:
        fail("cannot exchange the count through the node's container API at " + env("system.transport") + ": " + str(e))
    log(peer + " counted " + str(peer_count) + " rows")
    target = storage_path(env(one_key("runtime.component.output.", "result")))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    result = {"self_role": me, "self_count": count, "peer_role": peer, "peer_count": peer_count,
              "match": count == peer_count}
    with open(target + ".tmp", "w", encoding="utf-8") as f:
        json.dump(result, f)
    os.replace(target + ".tmp", target)  # nothing half-written is published
    log("wrote " + target)
    if count != peer_count:
        fail("the counts differ: " + me + " has " + str(count) + " rows, " + peer + " has " + str(peer_count), code=2)
    callback("SUCCESS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
