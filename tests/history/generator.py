"""Random small projects and histories, drawn from one seed.

A project is a DAG of 3-10 models over two raw tables fed by the history (`raw.events`, append-only
events with an event time; `raw.dims`, a current-state table that rows are inserted into, updated
in and deleted from) and seeds. Every model produces one of two shapes, so that any model can read
any earlier model of the same shape:

  E (events): ts TIMESTAMP, k INTEGER, v BIGINT [, x<n> extra columns]
  S (state):  k INTEGER, name VARCHAR, score BIGINT [, x<n> extra columns]

A history is a list of steps at non-decreasing execution times. Each step says what the noisy path
does and what the clean path does (see README.md): the clean path gets the same data and the same
final edits at the same execution times, applied straight to prod, with no kills, no dev detours,
no selected or concurrent runs.
"""

import copy
import dataclasses
import datetime as dt
import random

BASE = dt.datetime(2025, 1, 6)  # a Monday: weekly models tick on Mondays ('0 0 * * 1')

CRONS = [
    # (cron, unit for DATE_TRUNC, unit length)
    ("@hourly", "hour", dt.timedelta(hours=1)),
    ("0 */6 * * *", "hour", dt.timedelta(hours=1)),
    ("@daily", "day", dt.timedelta(days=1)),
    ("@daily", "day", dt.timedelta(days=1)),
    ("0 0 * * 1", "week", dt.timedelta(days=7)),
]

# Kinds whose table a fresh project planned once over the final data reproduces (after the
# settling restatement), provided every model above them does too.
IDEMPOTENT_KINDS = {"FULL", "VIEW", "EMBEDDED", "SEED", "ITR", "UNIQUE_KEY_DIMS"}
SCD2_KINDS = {"SCD2_BY_COLUMN", "SCD2_BY_TIME"}


def fmt_time(t):
    return t.strftime("%Y-%m-%d %H:%M:%S")


@dataclasses.dataclass
class Model:
    index: int
    kind: str  # FULL VIEW EMBEDDED SEED ITR UNMANAGED UNIQUE_KEY_DIMS UNIQUE_KEY_E SCD2_*
    parents: list  # model names or raw.events / raw.dims
    shape: str  # E or S
    cron: str = "@daily"
    unit: str = "day"
    start: str = None
    lookback: int = 0
    batch_size: int = None
    forward_only: bool = False
    mult: int = 1
    extras: list = dataclasses.field(default_factory=list)
    owner: str = "team_a"
    wide_k: bool = False  # ITR: k widened to BIGINT (an additive type change)
    seed_rows: list = dataclasses.field(default_factory=list)  # SEED: (k, label, active)

    @property
    def name(self):
        return f"h.m{self.index}"

    @property
    def path(self):
        return f"models/m{self.index}.sql"

    def is_scd2(self):
        return self.kind in SCD2_KINDS

    def has_table(self):
        return self.kind != "EMBEDDED"


def _extras_e(m):
    return "".join(f", k * {n} AS x{n}" for n in m.extras)


def render_model(m):
    """The text of the model's file."""
    props = []
    if m.kind == "ITR":
        params = ["time_column ts"]
        if m.lookback:
            params.append(f"lookback {m.lookback}")
        if m.batch_size:
            params.append(f"batch_size {m.batch_size}")
        if m.forward_only:
            params.append("forward_only true")
        kind = f"INCREMENTAL_BY_TIME_RANGE ({', '.join(params)})"
    elif m.kind == "UNMANAGED":
        # SQLMesh's (and strata's) defaults make an unmanaged model forward-only and refuse its
        # restatement; the histories exercise rebuilds and restatements of appended tables, so
        # they turn both off (an SCD type 2 model keeps the defaults' forward-only off the same
        # way; its restatement stays refused).
        params = ["forward_only false", "disable_restatement false"]
        if m.batch_size:
            params.append(f"batch_size {m.batch_size}")
        kind = f"INCREMENTAL_UNMANAGED ({', '.join(params)})"
    elif m.kind in ("UNIQUE_KEY_DIMS", "UNIQUE_KEY_E"):
        params = ["unique_key k"]
        if m.lookback:
            params.append(f"lookback {m.lookback}")
        if m.batch_size:
            params.append(f"batch_size {m.batch_size}")
        kind = f"INCREMENTAL_BY_UNIQUE_KEY ({', '.join(params)})"
    elif m.kind == "SCD2_BY_COLUMN":
        kind = "SCD_TYPE_2_BY_COLUMN (unique_key k, columns *, forward_only false)"
    elif m.kind == "SCD2_BY_TIME":
        kind = "SCD_TYPE_2 (unique_key k, updated_at_name updated_at, forward_only false)"
    elif m.kind == "SEED":
        kind = f"SEED (path '../seeds/m{m.index}.csv')"
    else:
        kind = m.kind
    props.append(f"name {m.name}")
    props.append(f"kind {kind}")
    if m.kind not in ("SEED", "VIEW", "EMBEDDED"):
        if m.start:
            props.append(f"start '{m.start}'")
        props.append(f"cron '{m.cron}'")
    props.append(f"owner {m.owner}")
    header = "MODEL (\n  " + ",\n  ".join(props) + "\n);\n"
    p = m.parents
    if m.kind == "SEED":
        return header
    if m.kind == "ITR":
        k = "CAST(k AS BIGINT) AS k" if m.wide_k else "k"
        body = (f"SELECT CAST(DATE_TRUNC('{m.unit}', ts) AS TIMESTAMP) AS ts, {k}, "
                f"CAST(SUM(v) * {m.mult} AS BIGINT) AS v{_extras_e(m)}\n"
                f"FROM {p[0]}\nWHERE ts BETWEEN @start_dt AND @end_dt\nGROUP BY 1, k\n")
    elif m.kind in ("VIEW", "EMBEDDED"):
        body = (f"SELECT ts, k, CAST(v * {m.mult} AS BIGINT) AS v{_extras_e(m)}\n"
                f"FROM {p[0]}\nWHERE k <> {m.mult % 5}\n")
    elif m.kind == "UNMANAGED":
        body = (f"SELECT ts, k, CAST(v * {m.mult} AS BIGINT) AS v{_extras_e(m)}\n"
                f"FROM {p[0]}\nWHERE ts BETWEEN @start_dt AND @end_dt\n")
    elif m.kind == "FULL" and m.shape == "E" and len(p) == 2:
        body = (f"SELECT e.ts, e.k, CAST(e.v * {m.mult} AS BIGINT) AS v"
                + "".join(f", e.k * {n} AS x{n}" for n in m.extras)
                + f"\nFROM {p[0]} AS e\nJOIN {p[1]} AS s ON e.k = s.k\n"
                f"WHERE s.active = 1 AND e.ts <= @end_dt\n")
    elif m.kind == "FULL" and m.shape == "E":
        body = (f"SELECT CAST(DATE_TRUNC('day', ts) AS TIMESTAMP) AS ts, k, "
                f"CAST(SUM(v) * {m.mult} AS BIGINT) AS v{_extras_e(m)}\n"
                f"FROM {p[0]}\nWHERE ts <= @end_dt\nGROUP BY 1, 2\n")
    elif m.kind == "FULL":  # S over S
        body = (f"SELECT k, name, CAST(score * {m.mult} AS BIGINT) AS score{_extras_e(m)}\n"
                f"FROM {p[0]}\n")
    elif m.kind == "UNIQUE_KEY_DIMS":
        body = (f"SELECT k, name, CAST(score * {m.mult} AS BIGINT) AS score{_extras_e(m)}\n"
                f"FROM raw.dims\nWHERE updated_at BETWEEN @start_dt AND @end_dt\n")
    elif m.kind == "UNIQUE_KEY_E":
        body = (f"SELECT k, CAST(COUNT(*) AS VARCHAR) AS name, "
                f"CAST(SUM(v) * {m.mult} AS BIGINT) AS score{_extras_e(m)}\n"
                f"FROM {p[0]}\nWHERE ts BETWEEN @start_dt AND @end_dt\nGROUP BY k\n")
    elif m.kind == "SCD2_BY_COLUMN":
        body = (f"SELECT k, name, CAST(score * {m.mult} AS BIGINT) AS score{_extras_e(m)}\n"
                f"FROM {p[0]}\n")
    elif m.kind == "SCD2_BY_TIME":
        body = (f"SELECT k, name, CAST(score * {m.mult} AS BIGINT) AS score{_extras_e(m)}, "
                f"updated_at\nFROM raw.dims\n")
    else:
        raise AssertionError(m.kind)
    return header + body


def render_seed(m):
    lines = ["k,label,active"] + [f"{k},{label},{active}" for k, label, active in m.seed_rows]
    return "\n".join(lines) + "\n"


def render_files(models):
    """{relative path: text} of a project's model and seed files."""
    files = {}
    for m in models:
        files[m.path] = render_model(m)
        if m.kind == "SEED":
            files[f"seeds/m{m.index}.csv"] = render_seed(m)
    files["external_models.yaml"] = (
        "- name: raw.events\n  columns:\n    id: INTEGER\n    ts: TIMESTAMP\n    k: INTEGER\n"
        "    v: INTEGER\n"
        "- name: raw.dims\n  columns:\n    k: INTEGER\n    name: VARCHAR\n    score: INTEGER\n"
        "    updated_at: TIMESTAMP\n")
    return files


def descendants(models, names):
    """The names in `names` and every model below them."""
    out = set(names)
    changed = True
    while changed:
        changed = False
        for m in models:
            if m.name not in out and any(p in out for p in m.parents):
                out.add(m.name)
                changed = True
    return out


def ancestors(models, name):
    by_name = {m.name: m for m in models}
    out, todo = set(), [name]
    while todo:
        n = todo.pop()
        for p in by_name[n].parents if n in by_name else []:
            if p not in out:
                out.add(p)
                todo.append(p)
    return out


def reads_partial_days(models, name):
    """Whether the rows of `name` include day buckets of a day not over yet: a FULL model that
    sums events by day (`ts <= @end_dt`), read directly or through VIEW/EMBEDDED models. A child
    with hourly intervals would compute an hour of such a day from a partial sum, and a dev detour
    computes it at another time than the clean path (seed 2253), so such children are daily or
    coarser: their intervals end only once the day is over."""
    by_name = {m.name: m for m in models}
    m = by_name.get(name)
    while m is not None and m.kind in ("VIEW", "EMBEDDED"):
        m = by_name.get(m.parents[0])
    return m is not None and m.kind == "FULL" and m.shape == "E" and len(m.parents) == 1


def generate_project(rng, n_models, features):
    """A list of Model, in DAG order."""
    models = []
    seed_made = False
    for i in range(1, n_models + 1):
        e_parents = ["raw.events"] + [m.name for m in models if m.shape == "E"]
        # State-shaped parents are raw.dims and FULL models over it only: their rows change only
        # when raw.dims does, which never happens during a dev detour (see README.md).
        s_parents = ["raw.dims"] + [m.name for m in models if m.kind == "FULL" and m.shape == "S"]
        choices = ["ITR"] * 4 + ["VIEW", "EMBEDDED", "FULL", "UNMANAGED", "UNIQUE_KEY_DIMS",
                                 "UNIQUE_KEY_E", "SCD2_BY_COLUMN", "SCD2_BY_TIME", "FULL_S",
                                 "SEED_FULL"]
        choice = rng.choice(choices)
        cron, unit, _ = rng.choice(CRONS)
        # Prefer reading a model over the raw table, so that DAGs get deep.
        pick_e = rng.choice(e_parents[1:]) if len(e_parents) > 1 and rng.random() < 0.75 \
            else "raw.events"
        pick_s = rng.choice(s_parents[1:]) if len(s_parents) > 1 and rng.random() < 0.6 \
            else "raw.dims"
        start = fmt_time(BASE - dt.timedelta(days=rng.choice([1, 2, 3, 4, 7])))
        if choice == "SEED_FULL" and not seed_made and i < n_models:
            seed = Model(len(models) + 1, "SEED", [], "S")
            seed.seed_rows = [(k, f"l{k}", rng.choice([0, 1, 1])) for k in range(0, 6)]
            models.append(seed)
            seed_made = True
            m = Model(len(models) + 1, "FULL", [pick_e, seed.name], "E", cron=cron, unit=unit)
        elif choice in ("SEED_FULL", "FULL"):
            m = Model(len(models) + 1, "FULL", [pick_e], "E", cron=cron, unit=unit)
        elif choice == "FULL_S":
            m = Model(len(models) + 1, "FULL", [pick_s], "S", cron=cron, unit=unit)
        elif choice == "ITR":
            if reads_partial_days(models, pick_e):
                cron, unit, _ = rng.choice([c for c in CRONS if c[1] != "hour"])
            m = Model(len(models) + 1, "ITR", [pick_e], "E", cron=cron, unit=unit)
            m.lookback = rng.choice([0, 0, 1, 2])
            m.batch_size = rng.choice([None, None, 2, 12, 48] if unit == "hour" else
                                      [None, 1, 2, 3])
            m.forward_only = features.get("forward_only", True) and rng.random() < 0.3
        elif choice in ("VIEW", "EMBEDDED"):
            m = Model(len(models) + 1, choice, [pick_e], "E")
        elif choice == "UNMANAGED":
            if reads_partial_days(models, pick_e):
                cron, unit, _ = rng.choice([c for c in CRONS if c[1] != "hour"])
            m = Model(len(models) + 1, "UNMANAGED", [pick_e], "E", cron=cron, unit=unit)
            m.batch_size = rng.choice([None, 2, 24] if unit == "hour" else [None, 1, 2])
        elif choice == "UNIQUE_KEY_DIMS":
            m = Model(len(models) + 1, "UNIQUE_KEY_DIMS", ["raw.dims"], "S", cron=cron, unit=unit)
            m.lookback = rng.choice([0, 1])
            m.batch_size = rng.choice([None, 1, 3]) if unit != "hour" else rng.choice([None, 24])
        elif choice == "UNIQUE_KEY_E":
            # One interval per batch: the rows of a key come from the last batch that saw it, so
            # batch boundaries (which dev detours move) must not depend on the path.
            cron, unit, _ = rng.choice([c for c in CRONS if c[1] != "hour"])
            m = Model(len(models) + 1, "UNIQUE_KEY_E", [pick_e], "S", cron=cron, unit=unit)
            m.batch_size = 1
        elif choice == "SCD2_BY_COLUMN":
            m = Model(len(models) + 1, "SCD2_BY_COLUMN", [pick_s], "S", cron=cron, unit=unit)
        else:
            m = Model(len(models) + 1, "SCD2_BY_TIME", ["raw.dims"], "S", cron=cron, unit=unit)
        # A model without a start takes its parents' earliest, and without any, one unit
        # before its first plan — which depends on when that plan ran (dev plan or promotion):
        # a model with no started model above it always gets a start. (VIEW, EMBEDDED and SEED
        # models carry none.)
        started_above = any(x.start and x.kind not in ("VIEW", "EMBEDDED", "SEED")
                            for x in models if x.name in ancestors(models + [m], m.name))
        if not started_above or rng.random() < 0.5:
            m.start = start
        models.append(m)
        if len(models) >= n_models:
            break
    return models


# ---------------------------------------------------------------------------------------------
# Histories

@dataclasses.dataclass
class Step:
    """One step. `kind` is one of:
    data      sql (list of statements), late (bool)           both paths
    run       decorations: select (list of model names), dev_run (bool), concurrent (bool),
              kill (bool)                                        clean: plain run
    plan      project (index), kill                              both: prod plan with that project
    dev_plan  project, kill                                      noisy only: files + plan dev
    promote   project, kill                                      both: prod plan with that project
    restate   models, start, end, kill                           both
    """
    kind: str
    time: dt.datetime
    sql: list = None
    late: bool = False
    project: int = None
    select: list = None
    dev_run: bool = False
    concurrent: bool = False
    kill: bool = False
    models: list = None
    start: str = None
    end: str = None
    note: str = ""


@dataclasses.dataclass
class History:
    seed: int
    projects: list  # list of list[Model]; steps refer to them by index
    setup_sql: list
    steps: list
    final_time: dt.datetime


class DataFeed:
    """Generates the raw rows; keeps the current dims state to update and delete keys."""

    def __init__(self, rng):
        self.rng = rng
        self.next_id = 1
        self.dims = {}  # k -> (name, score, updated_at)

    def events(self, lo, hi, n):
        rows = []
        span = int((hi - lo).total_seconds())
        for _ in range(n):
            t = lo + dt.timedelta(seconds=self.rng.randrange(max(span, 1)))
            t = t.replace(microsecond=0)
            rows.append(f"({self.next_id}, TIMESTAMP '{fmt_time(t)}', {self.rng.randrange(6)}, "
                        f"{self.rng.randrange(1, 100)})")
            self.next_id += 1
        return [f"INSERT INTO raw.events VALUES {', '.join(rows)}"] if rows else []

    def dims_changes(self, lo, hi, n, allow_delete):
        out = []
        span = int((hi - lo).total_seconds())
        for _ in range(n):
            k = self.rng.randrange(8)
            t = (lo + dt.timedelta(seconds=self.rng.randrange(max(span, 1)))).replace(
                microsecond=0)
            if k in self.dims and allow_delete and self.rng.random() < 0.3:
                del self.dims[k]
                out.append(f"DELETE FROM raw.dims WHERE k = {k}")
                continue
            name, score = f"n{self.rng.randrange(4)}", self.rng.randrange(100)
            if k in self.dims:
                # A change is later than the key's previous version (SCD type 2 by time compares
                # updated_at).
                prev = self.dims[k][2]
                if t <= prev:
                    t = prev + dt.timedelta(seconds=1)
                out.append(f"UPDATE raw.dims SET name = '{name}', score = {score}, updated_at = "
                           f"TIMESTAMP '{fmt_time(t)}' WHERE k = {k}")
            else:
                out.append(f"INSERT INTO raw.dims VALUES ({k}, '{name}', {score}, "
                           f"TIMESTAMP '{fmt_time(t)}')")
            self.dims[k] = (name, score, t)
        return out


def _edit(rng, models, features):
    """A new project (deep copy) with 1-2 models edited; returns (project, description, whether a
    forward-only model's data changed)."""
    new = copy.deepcopy(models)
    notes = []
    forward_only_touched = False
    chosen = rng.sample(new, k=min(len(new), rng.choice([1, 1, 2])))
    forward_only = [m for m in new if m.forward_only]
    if forward_only and rng.random() < 0.4:
        # Forward-only models are few; their edits find the most (schema changes of a table
        # environments share).
        chosen = [rng.choice(forward_only)]
    for m in chosen:
        category = rng.choice(["breaking", "non_breaking", "metadata"])
        if m.kind == "SEED":
            category = rng.choice(["breaking", "metadata"])
        if m.kind == "ITR" and not m.wide_k and rng.random() < (0.5 if m.forward_only else 0.2):
            category = "retype"
        below = descendants(new, [m.name]) - {m.name}
        if not features.get("breaking_above_forward_only", True) and any(
                x.forward_only for x in new if x.name in below):
            category = "metadata"
        if category == "breaking":
            if m.kind == "SEED":
                m.seed_rows = [(k, l, 1 - a if rng.random() < 0.4 else a)
                               for k, l, a in m.seed_rows]
            else:
                m.mult += 1
        elif category == "retype":
            m.wide_k = True
        elif category == "non_breaking":
            m.extras.append(len(m.extras) + 2)
        else:
            m.owner = "team_" + rng.choice("bcdefgh")
        if m.forward_only and category != "metadata":
            forward_only_touched = True
        notes.append(f"{m.name} {'forward-only ' if m.forward_only and category != 'metadata' else ''}"
                     f"{category}")
    return new, ", ".join(notes), forward_only_touched


def generate_history(seed, features):
    """The history of `seed`. `features` (dict of bool) turns generator features off; see
    KNOWN_SWITCHES in history.py."""
    rng = random.Random(seed)
    feed = DataFeed(rng)
    n_models = rng.randint(3, 10)
    project = generate_project(rng, n_models, features)
    projects = [project]
    setup = [
        "CREATE SCHEMA raw",
        "CREATE TABLE raw.events (id INTEGER, ts TIMESTAMP, k INTEGER, v INTEGER)",
        "CREATE TABLE raw.dims (k INTEGER, name VARCHAR, score INTEGER, updated_at TIMESTAMP)",
    ]
    t = BASE + dt.timedelta(hours=rng.randrange(0, 30))
    first = BASE - dt.timedelta(days=8)
    setup += feed.events(first, t, rng.randint(20, 60))
    setup += feed.dims_changes(first, t, 6, allow_delete=False)
    steps = [Step("plan", t, project=0, kill=rng.random() < 0.2, note="first plan")]
    latest_exec = t
    detour = None  # index of the project planned in dev, awaiting promotion
    detour_fo = False
    # Data that changes complete intervals (late events) or every interval (dimension changes):
    # once it arrived, which upstream tables still hold rows from before it depends on each
    # model's cron and lookback (a prod run does not re-read it into a model not due), so a dev
    # plan would compute a new version from upstream states the promotion no longer reads — both
    # right for when they ran, so the paths would differ (seeds 5001, 6382, 7477). No dev detour
    # opens after such data.
    unread_data = False
    n_steps = rng.randint(4, 12)
    for _ in range(n_steps):
        t = t + rng.choice([dt.timedelta(hours=h) for h in (1, 2, 5, 11, 24, 25, 49)])
        r = rng.random()
        # Data: on time (event times since the latest execution time) or late (earlier).
        if rng.random() < 0.7:
            sql = feed.events(latest_exec, t, rng.randint(1, 12))
            if detour is None:
                dims = feed.dims_changes(latest_exec, t, rng.randint(0, 3),
                                         allow_delete=features.get("deletes", True))
                sql += dims
                # Dimension rows have no time a model filters on: a FULL model over them reads
                # them all, whichever interval it computes (seed 6382).
                unread_data = unread_data or bool(dims)
            if sql:
                steps.append(Step("data", t, sql=sql))
        if detour is None and features.get("late", True) and rng.random() < 0.25:
            lo = latest_exec - dt.timedelta(hours=rng.choice([2, 30, 80]))
            sql = feed.events(lo, latest_exec, rng.randint(1, 4))
            sql += feed.dims_changes(lo, latest_exec, rng.randint(0, 2), allow_delete=False)
            steps.append(Step("data", t, sql=sql, late=True))
            unread_data = True
        if detour is not None and rng.random() < 0.5:
            kill = rng.random() < 0.25
            if detour_fo and not features.get("killed_forward_only_plan", True):
                kill = False
            steps.append(Step("promote", t, project=detour, kill=kill))
            project = projects[detour]
            detour = None
        elif r < 0.55:
            # Selected models: mostly ones that read a model with intervals of its own, since
            # a selected run must then run the upstream intervals first.
            selectable = [m.name for m in project if m.has_table() and m.kind not in ("VIEW",
                                                                                      "SEED")]
            kept = {m.name for m in project if m.kind not in ("VIEW", "EMBEDDED", "SEED")}
            below_kept = [n for n in selectable if ancestors(project, n) & kept]
            if below_kept and rng.random() < 0.8:
                selectable = below_kept
            decorations = dict(
                select=(rng.sample(selectable, k=1)
                        if features.get("select", True) and selectable and rng.random() < 0.3
                        else None),
                dev_run=detour is not None and features.get("dev_run", True) and rng.random() < 0.4,
                concurrent=rng.random() < 0.15,
                kill=rng.random() < 0.3,
            )
            if decorations["select"] == []:
                decorations["select"] = None
            steps.append(Step("run", t, **decorations))
        elif r < 0.8 and detour is None:
            new, note, fo = _edit(rng, project, features)
            projects.append(new)
            kill = rng.random() < 0.25
            if fo and not features.get("killed_forward_only_plan", True):
                kill = False
            via_dev = features.get("dev", True) and rng.random() < 0.6
            if fo and not features.get("forward_only_dev", True):
                via_dev = False
            if unread_data:
                via_dev = False
            if via_dev:
                detour = len(projects) - 1
                detour_fo = fo
                end = None
                if not features.get("dev_end_rounding", True):
                    monday = latest_exec - dt.timedelta(days=latest_exec.weekday())
                    end = fmt_time(monday.replace(hour=0, minute=0, second=0))
                steps.append(Step("dev_plan", t, project=detour, kill=kill, note=note, end=end))
            else:
                steps.append(Step("plan", t, project=len(projects) - 1, kill=kill, note=note))
                project = new
        elif detour is None and features.get("restate", True):
            restatable = [m.name for m in project
                          if m.has_table() and not m.is_scd2() and m.kind != "VIEW"]
            if restatable:
                chosen = rng.sample(restatable, k=1)
                start = end = None
                if rng.random() < 0.5:
                    a = BASE + dt.timedelta(days=rng.randrange(-3, 3))
                    start = a.strftime("%Y-%m-%d")
                    end = (a + dt.timedelta(days=rng.randrange(0, 3))).strftime("%Y-%m-%d")
                    if dt.datetime.strptime(end, "%Y-%m-%d") >= t:
                        end = None
                steps.append(Step("restate", t, models=chosen, start=start, end=end,
                                  kill=rng.random() < 0.25))
        else:
            steps.append(Step("run", t, kill=rng.random() < 0.3))
        latest_exec = t
    t = t + dt.timedelta(hours=rng.choice([1, 24]))
    if detour is not None:
        steps.append(Step("promote", t, project=detour))
    steps.append(Step("run", t, note="last run"))
    return History(seed, projects, setup, steps, t)
