#!/usr/bin/env bash
# W1 at saturation with the server profiled, then its hottest functions.
#
#   bench/profile.sh [--subscribers 1000] [--trigger redis|http]
#
# The server runs under `node --cpu-prof --cpu-prof-dir bench/results/` (a profile of its whole
# life: start-up, socket handshakes, saturation, written when it exits) and, in addition, the bench
# profiles the saturation phase alone through the in-process inspector (bench/lib/probe.ts). The
# phase profile is what gets summarised here; open either .cpuprofile in Chrome DevTools
# (Performance → Load profile) or VS Code for flame charts.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsx bench/w1-fanout.ts --profile "$@"
phase=$(ls -t bench/results/W1-saturation-*.cpuprofile 2>/dev/null | head -n 1 || true)
if [[ -z "$phase" ]]; then
  echo "no saturation profile was written" >&2
  exit 1
fi
echo
npx tsx bench/top-functions.ts "$phase" --top 25
