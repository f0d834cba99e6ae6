"""A throw-away PostgreSQL cluster for the server's tests: initdb under a temp dir, loopback port.

``make test`` installs Debian's ``postgresql`` package when its binaries are missing
(packaging/linux/system-deps.sh); this module finds ``initdb``/``pg_ctl``, creates a
cluster owned by the ``postgres`` user when running as root (initdb refuses root), starts
it on 127.0.0.1 on a free port with fsync off (a test cluster, thrown away), and hands
back a SQLAlchemy URL. Each database asked for is new, so tests never share state.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg


def pg_bindir() -> Path | None:
    """Where initdb and pg_ctl are: on PATH, or Debian's versioned directory."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresCluster:
    folder: Path
    port: int
    bindir: Path
    user: str

    def admin_url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh empty database; its SQLAlchemy URL (driver psycopg)."""
        name = f"pej_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        _run([str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"],
             self.user, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _run(command: list[str], user: str, *, check: bool = True) -> None:
    if os.geteuid() == 0:
        command = ["runuser", "-u", user, "--", *command]
    subprocess.run(command, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)


def start_cluster() -> PostgresCluster:
    """initdb + pg_ctl start on a free loopback port; raises RuntimeError with the reason."""
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL n'est pas installé : lancez `make system-deps` (paquet Debian postgresql)")
    user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")
    folder = Path(tempfile.mkdtemp(prefix="pej-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user)
    data = folder / "data"
    port = free_port()
    _run([str(bindir / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "--no-sync", "-E", "UTF8"], user)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off " \
              "-c full_page_writes=off -c max_connections=200"
    _run([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"], user)
    return PostgresCluster(folder=folder, port=port, bindir=bindir, user=user)
