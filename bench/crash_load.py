#!/usr/bin/env python3
"""Load generator for bench/crash.sh: mixed streaming and whole chat completions on several keys.

    python3 bench/crash_load.py PORT KEYS_FILE OUT_FILE STOP_FILE [--threads N] [--cycle C]

Each of N threads sends chat completions in a loop (every other one streamed, a random key of
KEYS_FILE, one key a line) until STOP_FILE exists, and appends one JSON line per request to
OUT_FILE as soon as it ends: cycle, kind (stream | whole), key index, status, request_id (the
x-request-id header, the ledger's requestId), result and error. result is
  complete   whole: 200 with a JSON body that parses and has choices; stream: got "data: [DONE]"
  incomplete the request reached the proxy (connected and sent) but no complete answer came
             (connection reset or closed mid-answer: the kill), or a non-200 status
  refused    the connection was refused: the proxy was down, the request never reached it
Only the standard library, so it runs wherever python3 does.

    python3 bench/crash_load.py --check DB OUT_FILE LABEL   the ledger checks, one line
    python3 bench/crash_load.py --summary DB OUT_FILE       the counts per cycle, as a table
Both exit 1 if a complete answer is missing from the ledger (or its entry is not a success) or a
request id is in two ledger entries with retried=false.
"""
import argparse
import http.client
import json
import os
import random
import sqlite3
import sys
import threading
import time


def ledger(db_file):
    """Every UsageLedger event of the event store: (requestId, retried, outcome)."""
    # read-only, beside the running proxy (WAL): the event store itself, not a projection of it
    db = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=30)
    try:
        rows = db.execute(
            "SELECT payload FROM domain_event_entry WHERE type = 'UsageLedger'"
        ).fetchall()
    finally:
        db.close()
    entries = []
    for (payload,) in rows:
        event = json.loads(payload)
        entries.append((event["requestId"], bool(event.get("retried")), event.get("outcome")))
    return entries


def outcomes(out_file):
    with open(out_file) as f:
        return [json.loads(line) for line in f if line.strip()]


def violations(entries, requests):
    """Complete answers missing from the ledger or not recorded as a success; ids counted twice."""
    final = {}
    counted = {}
    for request_id, retried, outcome in entries:
        if not retried:
            counted[request_id] = counted.get(request_id, 0) + 1
            final[request_id] = outcome
    complete = [r["request_id"] for r in requests if r["result"] == "complete"]
    missing = [i for i in complete if i not in final]
    not_success = [i for i in complete if i in final and str(final[i]).upper() != "SUCCESS"]
    twice = [i for i, n in counted.items() if n > 1]
    return complete, missing, not_success, twice


def check(db_file, out_file, label):
    entries = ledger(db_file)
    complete, missing, not_success, twice = violations(entries, outcomes(out_file))
    print(
        f"{label}: {len(entries)} ledger entries; {len(complete)} complete answers,"
        f" missing from the ledger {len(missing)}, not recorded as success {len(not_success)};"
        f" request ids counted twice {len(twice)}"
        + (f" (e.g. missing {missing[:3]}, not success {not_success[:3]}, twice {twice[:3]})"
           if missing or not_success or twice else "")
    )
    return 1 if missing or not_success or twice else 0


def summary(db_file, out_file):
    entries = ledger(db_file)
    requests = outcomes(out_file)
    ids = {}
    for request_id, retried, _ in entries:
        if not retried:
            ids[request_id] = ids.get(request_id, 0) + 1
    print("| cycle | requests sent | complete (stream/whole) | complete in ledger | counted twice"
          " | incomplete (cut by the kill) | of which in ledger | refused (proxy down) |")
    print("|---|---|---|---|---|---|---|---|")
    totals = [0] * 8
    for cycle in sorted({r["cycle"] for r in requests}) + ["total"]:
        rs = [r for r in requests if cycle == "total" or r["cycle"] == cycle]
        sent = [r for r in rs if r["result"] != "refused"]
        complete = [r for r in rs if r["result"] == "complete"]
        streams = sum(1 for r in complete if r["kind"] == "stream")
        incomplete = [r for r in rs if r["result"] == "incomplete"]
        in_ledger = sum(1 for r in complete if r["request_id"] in ids)
        twice = sum(1 for r in sent if r["request_id"] and ids.get(r["request_id"], 0) > 1)
        cut_recorded = sum(1 for r in incomplete if r["request_id"] in ids)
        refused = len(rs) - len(sent)
        print(f"| {cycle} | {len(sent)} | {len(complete)} ({streams}/{len(complete) - streams})"
              f" | {in_ledger} | {twice} | {len(incomplete)} | {cut_recorded} | {refused} |")
    print(f"\nledger: {len(entries)} entries in the event store, {len(ids)} distinct request ids")
    _, missing, not_success, twice = violations(entries, requests)
    return 1 if missing or not_success or twice else 0


if len(sys.argv) > 1 and sys.argv[1] == "--check":
    sys.exit(check(sys.argv[2], sys.argv[3], sys.argv[4]))
if len(sys.argv) > 1 and sys.argv[1] == "--summary":
    sys.exit(summary(sys.argv[2], sys.argv[3]))

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("keys_file")
parser.add_argument("out_file")
parser.add_argument("stop_file")
parser.add_argument("--threads", type=int, default=12)
parser.add_argument("--cycle", type=int, default=0)
parser.add_argument("--models", default="crash", help="aliases, comma-separated; one at random")
args = parser.parse_args()

with open(args.keys_file) as f:
    keys = [line.strip() for line in f if line.strip()]
models = args.models.split(",")
lock = threading.Lock()
out = open(args.out_file, "a", buffering=1)


def record(**fields):
    fields["cycle"] = args.cycle
    with lock:
        out.write(json.dumps(fields) + "\n")


def one(thread, n):
    stream = (thread + n) % 2 == 0
    key_index = random.randrange(len(keys))
    body = {
        "model": random.choice(models),
        "messages": [{"role": "user", "content": f"crash test {thread}/{n}: say something"}],
        "stream": stream,
    }
    kind = "stream" if stream else "whole"
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
    status, request_id = None, None
    try:
        try:
            conn.connect()
        except ConnectionRefusedError:
            record(kind=kind, model=body["model"], key=key_index, status=None, request_id=None, result="refused")
            time.sleep(0.2)  # the proxy is down: do not spin
            return
        conn.request(
            "POST",
            "/v1/chat/completions",
            body=json.dumps(body),
            headers={"authorization": "Bearer " + keys[key_index], "content-type": "application/json"},
        )
        response = conn.getresponse()
        status = response.status
        request_id = response.getheader("x-request-id")
        complete = False
        if status == 200 and stream:
            while True:
                line = response.readline()
                if not line:
                    break
                if line.strip() == b"data: [DONE]":
                    complete = True
                    break
        elif status == 200:
            data = response.read()
            complete = "choices" in json.loads(data)
        else:
            response.read()
        record(
            kind=kind,
            model=body["model"],
            key=key_index,
            status=status,
            request_id=request_id,
            result="complete" if complete else "incomplete",
            error=None if complete else f"status {status}" if status != 200 else "ended early",
        )
    except Exception as e:  # reset, closed, truncated JSON: all the kill's doing
        record(
            kind=kind,
            model=body["model"],
            key=key_index,
            status=status,
            request_id=request_id,
            result="incomplete",
            error=type(e).__name__,
        )
    finally:
        conn.close()


def worker(thread):
    n = 0
    while not os.path.exists(args.stop_file):
        one(thread, n)
        n += 1


threads = [threading.Thread(target=worker, args=(t,)) for t in range(args.threads)]
for t in threads:
    t.start()
for t in threads:
    t.join()
out.close()
