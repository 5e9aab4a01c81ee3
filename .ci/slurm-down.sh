#!/usr/bin/env bash
# Stop what .ci/slurm-up.sh <folder> started (by the pid files in that folder) and remove the folder.
set -uo pipefail
dir="${1:?usage: slurm-down.sh <folder printed by slurm-up.sh>}"
[ -f "$dir/slurm.conf" ] || { echo "slurm-down: $dir has no slurm.conf (not a slurm-up folder)" >&2; exit 1; }
export SLURM_CONF="$dir/slurm.conf"
scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || continue
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
done
rm -rf "$dir"
