#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for tests/slurm_cluster.rs.
#
#   scripts/slurm-local.sh start   install Debian's slurm-wlm and munge if missing,
#                                  write a slurm.conf for this machine (`slurmd -C`),
#                                  start munged, slurmctld and slurmd, wait until
#                                  the node is idle; prints `export SLURM_CONF=…`
#   scripts/slurm-local.sh stop    stop the daemons it started, by pid
#
# Everything (config, munge key and socket, state, spool, logs, pid files)
# lives under $IBCF_SLURM_DIR (default /tmp/ibcf-slurm). Needs root (the
# daemons and the jobs run as root). Ports 16817/16818, so that a system
# Slurm on the default ports is not disturbed.
set -euo pipefail

dir=${IBCF_SLURM_DIR:-/tmp/ibcf-slurm}
conf="$dir/slurm.conf"

stop() {
    # Children first, then munge; only the pids this script recorded.
    for d in slurmd slurmctld munged; do
        pidf="$dir/$d.pid"
        [ -f "$pidf" ] || continue
        pid=$(cat "$pidf")
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$pidf"
    done
    echo "slurm-local: stopped" >&2
}

running() {
    [ -f "$dir/slurmctld.pid" ] && kill -0 "$(cat "$dir/slurmctld.pid")" 2>/dev/null &&
        [ -f "$dir/slurmd.pid" ] && kill -0 "$(cat "$dir/slurmd.pid")" 2>/dev/null &&
        SLURM_CONF="$conf" sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'
}

start() {
    if [ "$(id -u)" != 0 ]; then
        echo "slurm-local: must run as root (the daemons run as root)" >&2
        exit 1
    fi
    if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
        ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
        echo "slurm-local: installing Debian's slurm-wlm and munge" >&2
        apt-get update >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >&2
    fi
    if running; then
        echo "export SLURM_CONF=$conf"
        return
    fi
    stop 2>/dev/null
    mkdir -p "$dir"/{state,spool,log,munge}
    chmod 700 "$dir/munge"
    if [ ! -s "$dir/munge/munge.key" ]; then
        dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
    fi
    chmod 400 "$dir/munge/munge.key"
    munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
        --pid-file="$dir/munged.pid" --log-file="$dir/log/munged.log" \
        --seed-file="$dir/munge/munged.seed"

    host=$(hostname -s)
    # This machine as slurmd sees it (CPUs, sockets, memory), minus the uptime.
    node=$(slurmd -C | head -n 1)
    cat >"$conf" <<EOF
# Written by scripts/slurm-local.sh: one node, this machine.
ClusterName=ibcf-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
SlurmctldTimeout=30
SlurmdTimeout=30
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF="$conf"
    slurmctld -f "$conf"
    slurmd -f "$conf"
    for _ in $(seq 60); do
        if running; then
            echo "slurm-local: node $host is up ($conf)" >&2
            echo "export SLURM_CONF=$conf"
            return
        fi
        sleep 1
    done
    echo "slurm-local: Slurm did not come up; logs in $dir/log:" >&2
    tail -n 20 "$dir"/log/*.log >&2 || true
    exit 1
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
