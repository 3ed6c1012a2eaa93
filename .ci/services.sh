#!/usr/bin/env bash
# Starts what the tests need that the machine does not run by itself.  Each step is best effort:
# tests that need a missing service skip with a reason instead of failing.
set -uo pipefail
cd "$(dirname "$0")/.."
: > .ci/env
