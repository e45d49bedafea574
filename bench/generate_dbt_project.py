#!/usr/bin/env python3
"""Writes a synthetic dbt project of N models for bench/dbt_parse.sh (benchmark P8): three
sources, models in 10 folders whose SQL refs one to three earlier models and calls dbt_utils
(generate_surrogate_key, safe_divide) and dbt's cross-database macros (date_trunc, dateadd), every
tenth model incremental with an is_incremental() filter on {{ this }}, a properties file per
folder with unique/not_null tests, and dbt_utils installed under dbt_packages/.

  generate_dbt_project.py DIR N DBT_UTILS_DIR
"""
import os
import random
import shutil
import sys


def main():
    out, n, utils = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(8)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "models"))
    with open(os.path.join(out, "dbt_project.yml"), "w") as f:
        f.write("name: bench\nversion: '1.0'\nprofile: bench\nvars:\n  lookback_days: 3\n"
                "models:\n  bench:\n    +materialized: view\n")
    with open(os.path.join(out, "profiles.yml"), "w") as f:
        f.write("bench:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
                "      path: bench.duckdb\n      threads: 1\n")
    shutil.copytree(utils, os.path.join(out, "dbt_packages", "dbt_utils"))
    with open(os.path.join(out, "models", "sources.yml"), "w") as f:
        f.write("version: 2\nsources:\n  - name: raw\n    tables:\n"
                "      - name: events\n      - name: users\n      - name: orders\n")
    props = {}
    for i in range(n):
        folder = f"area_{i % 10}"
        name = f"m{i:05d}"
        os.makedirs(os.path.join(out, "models", folder), exist_ok=True)
        if i < 3:
            upstream = [f"{{{{ source('raw', '{['events', 'users', 'orders'][i]}') }}}}"]
        else:
            picks = sorted({rng.randrange(max(0, i - 200), i) for _ in range(rng.randint(1, 3))})
            upstream = [f"{{{{ ref('m{p:05d}') }}}}" for p in picks]
        incremental = i % 10 == 9
        lines = []
        if incremental:
            lines.append("{{ config(materialized='incremental', unique_key='id') }}")
        lines.append("select")
        lines.append("    {{ dbt_utils.generate_surrogate_key(['t0.id', 't0.ts']) }} as sk,")
        lines.append("    t0.id, t0.ts, t0.amount,")
        lines.append("    {{ dbt.date_trunc('day', 't0.ts') }} as day,")
        lines.append("    {{ dbt.dateadd('day', var('lookback_days'), 't0.ts') }} as due,")
        lines.append("    {{ dbt_utils.safe_divide('t0.amount', 't0.id') }} as ratio")
        lines.append(f"from {upstream[0]} as t0")
        for j, u in enumerate(upstream[1:], start=1):
            lines.append(f"left join {u} as t{j} on t{j}.id = t0.id")
        if incremental:
            lines.append("{% if is_incremental() %}")
            lines.append("where t0.ts > (select max(ts) from {{ this }})")
            lines.append("{% endif %}")
        with open(os.path.join(out, "models", folder, name + ".sql"), "w") as f:
            f.write("\n".join(lines) + "\n")
        props.setdefault(folder, []).append(name)
    for folder, names in props.items():
        with open(os.path.join(out, "models", folder, "schema.yml"), "w") as f:
            f.write("version: 2\nmodels:\n")
            for name in names:
                f.write(f"  - name: {name}\n    columns:\n      - name: sk\n"
                        "        data_tests: [unique, not_null]\n")


if __name__ == "__main__":
    main()
