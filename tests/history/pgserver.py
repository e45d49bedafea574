"""A throwaway PostgreSQL server for the history checker, as tests/support/postgres_server.cc
starts one for the C++ tests: initdb on a temporary folder (as the `postgres` user when we are
root, since initdb refuses root), then postgres on 127.0.0.1 at a free port and on a unix socket in
that folder, fsync off. Admin statements go through psql over the socket."""

import ctypes
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import tempfile
import time


def _bindir():
    env = os.environ.get("STRATA_PG_BINDIR")
    if env:
        return env
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout
        out = out.strip()
        if out and os.path.exists(os.path.join(out, "initdb")):
            return out
    except OSError:
        pass
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]))
    return os.path.dirname(found[-1]) if found else None


def available():
    return _bindir() is not None


def _die_with_parent():
    """In the server's process, before exec: SIGQUIT (immediate shutdown) when the checker dies,
    so that a killed checker leaves no server running."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGQUIT)  # PR_SET_PDEATHSIG


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self):
        bindir = _bindir()
        if bindir is None:
            raise RuntimeError("PostgreSQL server binaries not found (initdb, postgres)")
        self.dir = tempfile.mkdtemp(prefix="strata-history-pg-")
        self.user = "strata"
        self.password = "pw-" + secrets.token_hex(8)
        self.host = "127.0.0.1"
        self.databases = 0
        self.lock = threading.Lock()
        kwargs = {}
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            kwargs = dict(user=pw.pw_uid, group=pw.pw_gid, extra_groups=[])
        self._kwargs = kwargs
        pwfile = os.path.join(self.dir, "password")
        with open(pwfile, "w") as f:
            f.write(self.password + "\n")
        if kwargs:
            os.chown(pwfile, kwargs["user"], kwargs["group"])
        subprocess.run([os.path.join(bindir, "initdb"), "-D", os.path.join(self.dir, "data"),
                        "-U", self.user, "--pwfile=" + pwfile, "--auth-local=trust",
                        "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"],
                       cwd=self.dir, check=True, capture_output=True, **kwargs)
        for _ in range(5):
            self.port = _free_port()
            log = open(os.path.join(self.dir, "server.log"), "a")
            self.proc = subprocess.Popen(
                [os.path.join(bindir, "postgres"), "-D", os.path.join(self.dir, "data"), "-p",
                 str(self.port), "-k", self.dir, "-c", "listen_addresses=127.0.0.1",
                 "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                 "-c", "max_connections=100", "-c", "log_min_messages=warning"],
                cwd=self.dir, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent, **kwargs)
            deadline = time.time() + 60
            while time.time() < deadline and self.proc.poll() is None:
                if self._psql("SELECT 1", check=False).returncode == 0:
                    return
                time.sleep(0.05)
            if self.proc.poll() is None:
                break
        self.stop()
        raise RuntimeError("the PostgreSQL server did not start; see its log")

    def _psql(self, sql, database="postgres", check=True):
        return subprocess.run(["psql", "-X", "-q", "-h", self.dir, "-p", str(self.port), "-U",
                               self.user, "-d", database, "-v", "ON_ERROR_STOP=1", "-c", sql],
                              capture_output=True, text=True, check=check)

    def create_database(self):
        with self.lock:  # histories may run on several threads (history.py --jobs)
            self.databases += 1
            name = f"history_{os.getpid()}_{self.databases}"
        self._psql(f"CREATE DATABASE {name} STRATEGY FILE_COPY")
        return name

    def drop_database(self, name):
        self._psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", check=False)

    def connection_yaml(self, database):
        return (f"{{type: postgres, host: {self.host}, port: {self.port}, user: {self.user}, "
                f"password: \"{self.password}\", database: {database}}}")

    def stop(self):
        if getattr(self, "proc", None) is not None and self.proc.poll() is None:
            self.proc.send_signal(3)  # SIGQUIT: immediate shutdown
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
