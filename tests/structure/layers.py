#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The house rules of docs/DESIGN (issue 11) that a machine can check, over
collector/, common/ and aggregator/:

  - no include cycles among the project's own headers and sources;
  - a parser (collector/parse_*.c) includes no other parser's header;
  - only the files that talk to Redis include hiredis;
  - no function longer than MAX_FUNC lines, no file longer than MAX_FILE.

Prints one line per breach and "layers: N breaches"; exits 1 when there is
any. Functions are found by the house layout: a definition starts at column 0
and its body opens with "{" alone on a line and closes with "}" at column 0.
"""
import os
import re
import sys

MAX_FUNC = 120
MAX_FILE = 1000
DIRS = ("collector", "common", "aggregator")
HIREDIS_OK = {"collector/out_redis.c", "aggregator/store_redis.c", "common/redis_route.c",
              "common/redis_route.h", "common/redis_url.c"}

root = sys.argv[1] if len(sys.argv) > 1 else "."
files = []
for d in DIRS:
    for name in sorted(os.listdir(os.path.join(root, d))):
        if name.endswith((".c", ".h", ".def")):
            files.append(d + "/" + name)

inc_re = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]')
breaches = []
graph = {}
for f in files:
    with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
        lines = fh.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    deps = []
    for ln in lines:
        m = inc_re.match(ln)
        if not m:
            continue
        kind, target = m.groups()
        if "hiredis" in target and f not in HIREDIS_OK:
            breaches.append(f"{f}: includes {target} (only the Redis files may)")
        if kind == '"' and target.split("/")[0] in DIRS:
            deps.append(target)
    graph[f] = deps
    base = os.path.basename(f)
    if f.startswith("collector/parse_") and f.endswith(".c"):
        stem = base[:-2]
        for t in deps:
            tb = os.path.basename(t)
            if tb.startswith("parse_") and not tb.startswith(stem + "."):
                breaches.append(f"{f}: includes another parser's header {t}")
    if len(lines) > MAX_FILE:
        breaches.append(f"{f}: {len(lines)} lines (at most {MAX_FILE})")
    if f.endswith(".c"):
        start = None
        for i, ln in enumerate(lines):
            if ln == "{" and i > 0 and start is None:
                start = i - 1
                # the signature may span lines: walk back to its first line
                while start > 0 and lines[start - 1] and not lines[start - 1].startswith(("}", "/", " *", "#")) \
                        and not lines[start - 1].endswith((";", "*/")):
                    start -= 1
            elif ln.startswith("}") and start is not None:
                n = i - start + 1
                if n > MAX_FUNC:
                    name = re.search(r"(\w+)\s*\(", " ".join(lines[start:start + 3]))
                    breaches.append(f"{f}:{start + 1}: function {name.group(1) if name else '?'} is {n} lines "
                                    f"(at most {MAX_FUNC})")
                start = None

# include cycles: a header or source reaching itself through headers
def header_of(target):
    return target if target in graph else None

state = {}
stack = []
def visit(n):
    state[n] = 1
    stack.append(n)
    for t in graph.get(n, []):
        t = header_of(t)
        if t is None:
            continue
        if state.get(t) == 1:
            cyc = stack[stack.index(t):] + [t]
            breaches.append("include cycle: " + " -> ".join(cyc))
        elif t not in state:
            visit(t)
    stack.pop()
    state[n] = 2

for f in files:
    if f not in state:
        visit(f)

for b in breaches:
    print(b)
print(f"layers: {len(breaches)} breaches")
sys.exit(1 if breaches else 0)
