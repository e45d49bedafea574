#!/usr/bin/env python3
"""Runs the commands of the user's guide (docs/guide/*.md) and checks the output it shows.

Each page runs in a fresh folder, its ```sh blocks in order, with the strata under test first on
PATH; the folder a block ends in is where the next one starts. A ```text block right after a ```sh
block is the output the guide promises: each of its non-blank lines must appear, in order, in what
the block printed (stdout and stderr), `…` standing for any text. A block fenced ```sh no-run is
shown, not run (installing, scheduling with cron). A block that fails fails the page. A page that
starts with `<!-- needs: postgres` gets a throwaway PostgreSQL server (PGHOST, PGPORT, PGUSER,
PGPASSWORD, PGDATABASE name it).

Usage: run_guide.py --strata BUILD/strata PAGE.md [PAGE.md ...]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```(\S*)(.*)$")


def blocks(text):
    """(kind, options, body, line) of each fenced block, in order."""
    out = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        start = i
        kind, options = match.group(1), match.group(2).strip()
        body = []
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        out.append((kind, options, "\n".join(body), start + 1, i))
        i += 1
    return out


def expected_lines(body):
    return [line for line in body.split("\n") if line.strip()]


def contains_in_order(output, wanted):
    """None when every wanted line is found in order, else the first one missing."""
    lines = output.split("\n")
    at = 0
    for line in wanted:
        pattern = re.compile(".*".join(re.escape(part) for part in line.strip().split("…")))
        while at < len(lines) and not pattern.search(lines[at]):
            at += 1
        if at == len(lines):
            return line
        at += 1
    return None


def postgres_for(page_text):
    """A throwaway PostgreSQL server and database for a page that says `<!-- needs: postgres`
    (tests/history/pgserver.py), and the PG* variables naming them; (None, {}) otherwise."""
    if "<!-- needs: postgres" not in page_text:
        return None, {}
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "history"))
    import pgserver  # noqa: E402 (only pages that need it start a server)
    server = pgserver.PostgresServer()
    database = server.create_database()
    return server, {"PGHOST": server.host, "PGPORT": str(server.port), "PGUSER": server.user,
                    "PGPASSWORD": server.password, "PGDATABASE": database}


def run_page(page, strata):
    text = open(page, encoding="utf-8").read()
    server, pg_env = postgres_for(text)
    try:
        return run_blocks(page, text, strata, pg_env)
    finally:
        if server is not None:
            server.stop()


def run_blocks(page, text, strata, pg_env):
    found = blocks(text)
    failures = []
    ran = 0
    with tempfile.TemporaryDirectory(prefix="strata-guide-") as home:
        cwd = home
        env = dict(os.environ)
        env.update(pg_env)
        env["PATH"] = os.path.dirname(os.path.abspath(strata)) + os.pathsep + env.get("PATH", "")
        env["HOME"] = home
        env["NO_COLOR"] = "1"
        env.pop("COLUMNS", None)
        for index, (kind, options, body, line, end_line) in enumerate(found):
            if kind != "sh" or "no-run" in options:
                continue
            ran += 1
            state = os.path.join(home, ".cwd")
            script = f"set -eo pipefail\n{body}\npwd > '{state}'\n"
            done = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True,
                                  text=True, timeout=300)
            output = done.stdout + done.stderr
            if done.returncode != 0:
                failures.append(f"{page}:{line}: the block exited {done.returncode}:\n{body}\n"
                                f"--- output\n{output}")
                break
            cwd = open(state).read().strip()
            following = found[index + 1] if index + 1 < len(found) else None
            between = text.split("\n")[end_line + 1:following[3] - 1] if following else []
            if following and following[0] == "text" and all(not l.strip() for l in between):
                missing = contains_in_order(output, expected_lines(following[2]))
                if missing is not None:
                    failures.append(f"{page}:{following[3]}: the output of the block at line "
                                    f"{line} lacks:\n  {missing}\n--- output\n{output}")
    return ran, failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--strata", required=True)
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    all_failures = []
    for page in args.pages:
        ran, failures = run_page(page, args.strata)
        print(f"{'FAIL' if failures else 'ok  '} {os.path.basename(page)}: {ran} blocks run")
        all_failures += failures
    for failure in all_failures:
        print("\n" + failure)
    sys.exit(1 if all_failures else 0)


if __name__ == "__main__":
    main()
