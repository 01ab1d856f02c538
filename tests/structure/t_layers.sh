#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The house rules a machine can check (tests/structure/layers.py): no include
# cycles, parsers as leaves, hiredis only in the Redis files, no function over
# 120 lines and no file over 1,000 lines in collector/, common/, aggregator/.
cd "$(dirname "$0")/../.." && exec python3 tests/structure/layers.py .
