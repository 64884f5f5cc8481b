"""A one-node SLURM cluster on this machine, started for one test and stopped after it.

Debian's `slurm-wlm` and `munge` (scripts/setup-system.sh installs them) run
here as a small site runs them, but with everything in a temporary folder:
munged with a new key and its own socket, slurmctld and slurmd with a
slurm.conf naming that socket, their state, spool, logs and pid files, and two
free ports. There is no accounting database (no slurmdbd), as on many small
clusters, so `sacct` knows nothing about jobs: the case a profile must work in.

Every SLURM command (sbatch, squeue, and srun inside the jobs) reads
/etc/slurm/slurm.conf. This cluster's is there too, for its own processes
only: each daemon, and each command run through `Cluster.command`, starts in a
mount namespace of its own where the temporary etc/ is mounted over
/etc/slurm, and the jobs inherit slurmd's. The rest of the machine does not
see it. (SLURM_CONF would not reach srun: the executor plugin's job step
removes every SLURM_* variable but a few before it calls srun.)
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PARTITION = "lctest"
ETC = "/etc/slurm"  # where every SLURM command looks for slurm.conf (Debian's packages make the folder)
PORTS = range(16817, 16831)  # tried first; any free port when all of these are taken
PROGRAMS = ("munged", "slurmctld", "slurmd", "sinfo", "sbatch", "squeue", "scancel", "unshare", "mount")
# `sh -c` with the folder as $0: mount it over /etc/slurm, then become the command.
BIND = f'mount --bind "$0" {ETC} && exec "$@"'


def _program(name: str) -> str | None:
    """The daemons are in /usr/sbin, which a user's PATH may leave out."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")


def missing_programs() -> list[str]:
    return [name for name in PROGRAMS if _program(name) is None] + ([] if Path(ETC).is_dir() else [ETC])


@dataclass(frozen=True)
class Cluster:
    root: Path
    partition: str

    def command(self, *args: str | Path) -> list[str]:
        """`args` as run on this cluster's login node: /etc/slurm holds its slurm.conf."""
        program = str(args[0])
        return [
            "unshare", "--mount", "--propagation", "private", "--", "sh", "-c", BIND, str(self.root / "etc"),
            _program(program) or program, *map(str, args[1:]),
        ]  # fmt: skip

    def logs(self) -> str:
        """The daemons' logs, for a failing test's message."""
        logs = sorted((self.root / "logs").glob("*"))
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs)


def _free_ports(count: int) -> list[int]:
    """Ports nothing listens on, from PORTS first (other programs on the machine may hold some)."""
    ports: list[int] = []
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    while len(ports) < count:
        with socket.socket() as s:
            s.bind(("", 0))
            if s.getsockname()[1] not in ports:
                ports.append(s.getsockname()[1])
    return ports


def _node_line() -> str:
    """This machine's CPUs, sockets and memory as slurmd sees them, named localhost."""
    out = subprocess.run([str(_program("slurmd")), "-C"], capture_output=True, text=True, check=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("NodeName="))
    return re.sub(r"^NodeName=\S+", "NodeName=localhost NodeAddr=127.0.0.1", line)


def _slurm_conf(root: Path, ctld_port: int, slurmd_port: int) -> str:
    return f"""\
ClusterName=lctest
SlurmctldHost=localhost
SlurmctldPort={ctld_port}
SlurmdPort={slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={root / "munge" / "munge.socket"}
StateSaveLocation={root / "state"}
SlurmdSpoolDir={root / "spool"}
SlurmctldPidFile={root / "slurmctld.pid"}
SlurmdPidFile={root / "slurmd.pid"}
SlurmctldLogFile={root / "logs" / "slurmctld.log"}
SlurmdLogFile={root / "logs" / "slurmd.log"}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
{_node_line()} State=UNKNOWN
PartitionName={PARTITION} Nodes=localhost Default=YES MaxTime=INFINITE State=UP
"""


def _wait(ready: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.3)
    return True


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@contextmanager
def local_slurm(root: Path) -> Iterator[Cluster]:
    """munged, slurmctld and slurmd under `root` while the block runs; after it, whatever happened
    in it, every job is cancelled and the three daemons are stopped."""
    for folder in ("etc", "munge", "state", "spool", "logs"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    key = root / "munge" / "munge.key"
    key.write_bytes(os.urandom(1024))
    key.chmod(0o600)
    (root / "etc" / "slurm.conf").write_text(_slurm_conf(root, *_free_ports(2)), encoding="utf-8")
    cluster = Cluster(root, PARTITION)
    started: list[subprocess.Popen] = []

    def daemon(*command: str | Path) -> None:
        # unshare and sh exec the daemon: the process started is the daemon itself.
        started.append(
            subprocess.Popen(
                cluster.command(*command), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        )

    def squeue(*options: str) -> str:
        command = cluster.command("squeue", "--noheader", *options)
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout

    def node_idle() -> bool:
        command = cluster.command("sinfo", "--noheader", "--format=%T", f"--partition={PARTITION}")
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.split() == ["idle"]

    try:
        # --force: munged refuses a key and socket below a world-writable folder (/tmp) without it.
        daemon(
            "munged", "--foreground", "--force", f"--socket={root / 'munge' / 'munge.socket'}",
            f"--key-file={key}", f"--pid-file={root / 'munge' / 'munged.pid'}",
            f"--log-file={root / 'logs' / 'munged.log'}", f"--seed-file={root / 'munge' / 'munged.seed'}",
        )  # fmt: skip
        if not _wait((root / "munge" / "munge.socket").exists, 20):
            raise RuntimeError(f"munged did not start in 20 s\n{cluster.logs()}")
        daemon("slurmctld", "-D", "-i")
        daemon("slurmd", "-D", "-N", "localhost")
        if not _wait(node_idle, 60):
            raise RuntimeError(f"the local SLURM's node was not idle after 60 s\n{cluster.logs()}")
        yield cluster
    finally:
        if len(started) == 3 and started[1].poll() is None:
            scancel = cluster.command("scancel", f"--partition={PARTITION}")
            subprocess.run(scancel, capture_output=True, timeout=30)
            _wait(lambda: not squeue().strip(), 20)
        for process in reversed(started):
            _stop(process)
