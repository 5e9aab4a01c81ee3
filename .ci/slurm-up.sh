#!/usr/bin/env bash
# Start a single-node Slurm cluster for the tests: munged, slurmctld and slurmd, all as root, all state in
# one temp folder (nothing under /etc or /var is touched). Prints the folder; `source <folder>/env.sh`
# exports SLURM_CONF (and PEFTBENCH_SLURM_DIR). Stop it with .ci/slurm-down.sh <folder>.
# Needs Debian's slurm-wlm and munge (.ci/run installs them with apt-get when absent).
#   SLURM_UP_DIR   use this folder instead of a new mktemp one
set -euo pipefail

for bin in munged mungekey slurmctld slurmd sinfo; do
  command -v "$bin" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin"
  command -v "$bin" >/dev/null 2>&1 || { echo "slurm-up: $bin not found (apt-get install slurm-wlm munge)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "slurm-up: must run as root (slurmd starts jobs as their user)" >&2; exit 1; }

dir="${SLURM_UP_DIR:-$(mktemp -d /tmp/peftbench-slurm-XXXXXX)}"
mkdir -p "$dir"/{state,spool,log,munge}
chmod 700 "$dir/munge"
host="$(hostname -s)"
cpus="$(nproc)"
mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))

# two free TCP ports (bash's /dev/tcp connect fails on a free port)
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
base=$(( 20000 + RANDOM % 20000 ))
while ! port_free "$base" || ! port_free $((base + 1)); do base=$((base + 2)); done

mungekey --create --keyfile="$dir/munge/munge.key" --force >/dev/null 2>&1 \
  || dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.sock" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"

cat >"$dir/slurm.conf" <<CONF
ClusterName=peftbench-ci
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${base}
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${dir}/munge/munge.sock
StateSaveLocation=${dir}/state
SlurmdSpoolDir=${dir}/spool
SlurmctldPidFile=${dir}/slurmctld.pid
SlurmdPidFile=${dir}/slurmd.pid
SlurmctldLogFile=${dir}/log/slurmctld.log
SlurmdLogFile=${dir}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
# keep finished jobs visible to squeue/scontrol long enough for the tests (no slurmdbd here, so no sacct)
MinJobAge=3600
KillWait=5
OverTimeLimit=0
InactiveLimit=0
SchedulerParameters=sched_interval=2
MaxArraySize=10001
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${mem_mb} State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF
printf 'export SLURM_CONF=%q\nexport PEFTBENCH_SLURM_DIR=%q\n' "$dir/slurm.conf" "$dir" >"$dir/env.sh"
export SLURM_CONF="$dir/slurm.conf"

slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N "$host"

# wait until the node takes jobs
for _ in $(seq 1 60); do
  state="$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)"
  case "$state" in idle|mixed|allocated) echo "$dir"; exit 0 ;; esac
  sleep 0.5
done
echo "slurm-up: the node did not become idle (state '${state:-none}'); logs in $dir/log" >&2
tail -n 20 "$dir"/log/*.log >&2 || true
"$(dirname "$0")/slurm-down.sh" "$dir" >/dev/null 2>&1 || true
exit 1
