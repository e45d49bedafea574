"""The dbt projects of the differential suite and the steps run on each: the corpus's
jaffle_shop as shipped, the project `dbt init` writes, the course story of seed 002 (an
incremental fct_orders with a unique_key and a lookback window: run twice, new rows, late rows,
a logic change with --full-refresh, a failing test), and one model per incremental strategy
(append, delete+insert with a key list, merge with merge_update_columns) fed changing rows."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional


@dataclass
class Step:
    """`command` (a dbt command line, run by both tools) or `sql` (run on both warehouses) or
    `files` (written into both projects) — any of them, in that order: files, sql, command."""
    name: str
    command: List[str] = field(default_factory=list)
    sql: List[str] = field(default_factory=list)
    files: Dict[str, str] = field(default_factory=dict)
    # Lines strata alone must print (what it adds to dbt's output, e.g. row counts).
    strata_prints: List[str] = field(default_factory=list)
    # strata runs the command twice at once (dbt-core once): two overlapping runs must write what
    # one run writes (dbt-core #5291, #2881).
    concurrent: bool = False
    # Both tools run `clean` first (the target folder goes).
    clean_first: bool = False


@dataclass
class Project:
    name: str
    profile: str
    make: Callable[[str], None]  # writes the project into an empty folder
    steps: List[Step]
    schema: str = "main"
    # Columns left out of the row comparison, by relation (`schema.name` without the schema of
    # the target: `snapshots.x`): values both tools take from the clock.
    clock_columns: Dict[str, List[str]] = field(default_factory=dict)


def _write(folder: str, files: Dict[str, str]) -> None:
    for path, text in files.items():
        full = os.path.join(folder, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)


# ---- jaffle_shop, as shipped ----------------------------------------------------------------

def jaffle_shop(corpora: str) -> Project:
    def make(folder):
        shutil.copytree(os.path.join(corpora, "jaffle_shop"), folder, dirs_exist_ok=True)

    return Project("jaffle_shop", "jaffle_shop", make, [
        Step("seed", ["seed"]),
        Step("run", ["run"]),
        Step("test", ["test"]),
        Step("build", ["build"]),
        Step("build --full-refresh", ["build", "--full-refresh"]),
        Step("run -s +customers", ["run", "-s", "+customers"]),
    ])


# ---- the project `dbt init` writes ----------------------------------------------------------

def dbt_init(dbt_binary: str, work: str) -> Project:
    def make(folder):
        parent = os.path.dirname(folder)
        scratch = os.path.join(parent, "init-scratch")
        shutil.rmtree(scratch, ignore_errors=True)
        os.makedirs(scratch)
        subprocess.run([dbt_binary, "init", "--skip-profile-setup", "starter"], cwd=scratch,
                       check=True, capture_output=True, text=True)
        shutil.copytree(os.path.join(scratch, "starter"), folder, dirs_exist_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)

    # The starter's not_null test on my_first_dbt_model.id fails as shipped: both tools must say
    # so (exit 1) and skip nothing else.
    return Project("dbt_init", "starter", make, [
        Step("build (a failing test)", ["build"]),
        Step("run", ["run"]),
        Step("test", ["test"]),
    ])


# ---- seed 002: an incremental fct_orders ----------------------------------------------------

COURSE_FILES = {
    "dbt_project.yml": """name: course
version: '1.0'
profile: course
on-run-start:
  - "create table if not exists {{ target.schema }}.run_log (event varchar(20))"
on-run-end: "insert into {{ target.schema }}.run_log values ('finished')"
models:
  course:
    +materialized: view
    marts:
      +materialized: table
""",
    "seeds/customers.csv": """id,name,joined_on,vip
1,Ann,2024-01-03,true
2,Bob,2024-02-11,false
3,Cy,2024-03-05,false
4,Di,2024-03-20,true
""",
    "models/staging/sources.yml": """version: 2
sources:
  - name: shop
    schema: raw
    tables:
      - name: orders
""",
    "models/staging/stg_orders.sql": """select order_id, customer_id, amount, status, updated_at
from {{ source('shop', 'orders') }}
""",
    "models/marts/fct_orders.sql": """{{ config(materialized='incremental', unique_key='order_id') }}

select o.order_id, o.customer_id, c.name as customer_name, o.amount, o.status, o.updated_at
from {{ ref('stg_orders') }} o
left join {{ ref('customers') }} c on c.id = o.customer_id
{% if is_incremental() %}
where o.updated_at >= (select max(updated_at) from {{ this }}) - interval '3 days'
{% endif %}
""",
    "models/marts/schema.yml": """version: 2
models:
  - name: fct_orders
    columns:
      - name: order_id
        data_tests: [unique, not_null]
      - name: status
        data_tests:
          - accepted_values:
              arguments:
                values: ['placed', 'shipped', 'returned']
      - name: customer_id
        data_tests:
          - relationships:
              arguments:
                to: ref('customers')
                field: id
""",
    "tests/no_negative_amounts.sql": """select * from {{ ref('fct_orders') }} where amount < 0
""",
}

COURSE_SETUP = [
    "CREATE SCHEMA raw",
    "CREATE TABLE raw.orders (order_id INTEGER, customer_id INTEGER, amount DECIMAL(10, 2), "
    "status VARCHAR(20), updated_at TIMESTAMP)",
    "INSERT INTO raw.orders VALUES (1, 1, 10.50, 'placed', '2025-01-01 09:00:00'), "
    "(2, 2, 20.00, 'shipped', '2025-01-02 10:00:00'), (3, 1, 5.25, 'placed', '2025-01-05 11:00:00'), "
    "(4, 3, 42.00, 'returned', '2025-01-08 12:00:00'), (5, 4, 7.00, 'placed', '2025-01-10 08:30:00')",
]


def course(corpora: str) -> Project:
    def make(folder):
        _write(folder, COURSE_FILES)

    return Project("course", "course", make, [
        Step("setup + build", ["build"], sql=COURSE_SETUP),
        Step("run again (nothing new)", ["run", "-s", "fct_orders"],
             strata_prints=["INSERT 0, UPDATE 0, DELETE 0"]),
        Step("new orders + run", ["run", "-s", "fct_orders"],
             sql=["INSERT INTO raw.orders VALUES (6, 2, 11.00, 'placed', '2025-01-11 09:00:00'), "
                  "(7, 3, 3.50, 'placed', '2025-01-12 10:00:00')"],
             strata_prints=["INSERT 2, UPDATE 0, DELETE 0"]),
        Step("late rows inside the lookback + run", ["run", "-s", "fct_orders"],
             sql=["UPDATE raw.orders SET status = 'shipped', updated_at = '2025-01-12 11:00:00' "
                  "WHERE order_id = 5",
                  "INSERT INTO raw.orders VALUES (8, 4, 9.00, 'placed', '2025-01-10 23:00:00')"],
             strata_prints=["INSERT 1, UPDATE 1, DELETE 0"]),
        Step("a late row outside the lookback + run", ["run", "-s", "fct_orders"],
             sql=["INSERT INTO raw.orders VALUES (9, 1, 1.00, 'placed', '2025-01-02 00:00:00')"]),
        Step("logic change + run --full-refresh", ["run", "-s", "fct_orders", "--full-refresh"],
             files={"models/marts/fct_orders.sql":
                    COURSE_FILES["models/marts/fct_orders.sql"].replace(
                        "o.amount,", "o.amount, o.amount * 2 as amount_doubled,")},
             strata_prints=["(full refresh)"]),
        Step("a bad status + build (a failing test)", ["build"],
             sql=["INSERT INTO raw.orders VALUES (10, 2, 4.00, 'lost', '2025-01-13 09:00:00')"]),
        Step("test", ["test"]),
        Step("retry (the failed test again)", ["retry"]),
        Step("fixed status + retry", ["retry"],
             sql=["UPDATE raw.orders SET status = 'placed' WHERE status = 'lost'"]),
        Step("a new customer + build -s customers+", ["build", "-s", "customers+"],
             files={"seeds/customers.csv": COURSE_FILES["seeds/customers.csv"] +
                    "5,Eve,2024-04-01,false\n"}),
    ])


# ---- one model per incremental strategy -----------------------------------------------------

STRATEGY_FILES = {
    "dbt_project.yml": "name: strategies\nversion: '1.0'\nprofile: strategies\n",
    "models/sources.yml": """version: 2
sources:
  - name: src
    schema: raw
    tables:
      - name: events
""",
    "models/inc_append.sql": """{{ config(materialized='incremental', incremental_strategy='append') }}
select id, region, qty from {{ source('src', 'events') }}
{% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}
""",
    "models/inc_delete_insert.sql": """{{ config(materialized='incremental',
    incremental_strategy='delete+insert', unique_key=['id', 'region']) }}
select id, region, qty, note from {{ source('src', 'events') }}
{% if is_incremental() %} where version >= (select max(version) from {{ this }}) {% endif %}
""",
    "models/inc_merge.sql": """{{ config(materialized='incremental', incremental_strategy='merge',
    unique_key='id', merge_update_columns=['qty']) }}
select id, region, qty, note, version from {{ source('src', 'events') }}
{% if is_incremental() %} where version >= (select max(version) from {{ this }}) {% endif %}
""",
    "models/inc_default.sql": """{{ config(materialized='incremental', unique_key='id',
    on_schema_change='append_new_columns') }}
select id, qty from {{ source('src', 'events') }}
""",
    "models/eph_regions.sql": """{{ config(materialized='ephemeral') }}
select distinct region from {{ source('src', 'events') }}
""",
    "models/regions.sql": """{{ config(materialized='table') }}
with counted as (select region from {{ ref('eph_regions') }})
select region, count(*) as n from counted group by region
""",
}

STRATEGY_FILES["selectors.yml"] = """selectors:
  - name: two_strategies
    definition:
      union:
        - method: fqn
          value: inc_merge
        - "inc_append"
        - "inc_default+"
        - exclude:
            - inc_default
  - name: regions_and_up
    definition:
      intersection:
        - method: fqn
          value: regions
          parents: true
        - "resource_type:model"
"""

STRATEGY_SETUP = [
    "CREATE SCHEMA raw",
    "CREATE TABLE raw.events (id INTEGER, region VARCHAR(10), qty INTEGER, note VARCHAR(20), "
    "version INTEGER)",
    "INSERT INTO raw.events VALUES (1, 'eu', 5, 'a', 1), (2, 'us', 3, 'b', 1), (3, 'eu', 8, 'c', 1)",
]


def strategies(corpora: str) -> Project:
    def make(folder):
        _write(folder, STRATEGY_FILES)

    return Project("strategies", "strategies", make, [
        Step("setup + run", ["run"], sql=STRATEGY_SETUP),
        Step("changed and new rows + run", ["run"],
             sql=["UPDATE raw.events SET qty = 50, note = 'changed', version = 2 WHERE id = 2",
                  "INSERT INTO raw.events VALUES (4, 'apac', 1, 'd', 2)"]),
        Step("a new column + run", ["run"],
             files={"models/inc_default.sql": STRATEGY_FILES["models/inc_default.sql"].replace(
                 "select id, qty", "select id, qty, region")}),
        Step("run --selector (a union with an exclude)", ["run", "--selector", "two_strategies"]),
        Step("run --selector (an intersection with parents)",
             ["run", "--selector", "regions_and_up"]),
        Step("new rows + two overlapping strata runs", ["run"], concurrent=True,
             sql=["INSERT INTO raw.events VALUES (5, 'eu', 2, 'e', 3), (6, 'us', 4, 'f', 3)"]),
        Step("run --full-refresh", ["run", "--full-refresh"]),
    ])


# ---- dbt_utils, installed as dbt deps leaves it ----------------------------------------------

UTILS_FILES = {
    "dbt_project.yml": "name: utils_demo\nversion: '1.0'\nprofile: utils_demo\n"
                       "models:\n  utils_demo:\n    +materialized: table\n",
    "seeds/payments.csv": """id,order_id,method,amount,paid_at
1,10,card,10.5,2025-01-01 10:00:00
2,10,coupon,2,2025-01-01 10:05:00
3,11,card,7,2025-01-03 09:00:00
4,12,bank,20,2025-01-04 12:30:00
5,12,card,1.25,2025-01-06 08:00:00
6,13,card,3,2025-01-06 09:00:00
""",
    "models/keyed.sql": """select {{ dbt_utils.generate_surrogate_key(['order_id', 'method']) }} as payment_key,
    {{ dbt_utils.star(from=ref('payments'), except=['paid_at']) }},
    {{ dbt_utils.safe_divide('amount', 'order_id') }} as ratio,
    {{ dbt.date_trunc('day', 'paid_at') }} as paid_day,
    {{ dbt.dateadd('day', 7, 'paid_at') }} as due_at,
    {{ dbt.datediff("'2025-01-01'", 'paid_at', 'day') }} as days_in,
    {{ dbt.concat(['method', "'-'", 'cast(order_id as ' ~ dbt.type_string() ~ ')']) }} as label,
    {{ dbt.hash('method') }} as method_hash
from {{ ref('payments') }}
""",
    "models/pivoted.sql": """select order_id,
    {{ dbt_utils.pivot('method', dbt_utils.get_column_values(ref('payments'), 'method'),
                       agg='sum', then_value='amount', else_value=0) }}
from {{ ref('payments') }}
group by order_id
""",
    "models/days.sql": """{{ dbt_utils.date_spine(datepart='day',
    start_date="cast('2025-01-01' as date)", end_date="cast('2025-01-08' as date)") }}
""",
    "models/latest.sql": """{{ dbt_utils.deduplicate(relation=ref('payments'), partition_by='order_id',
    order_by='paid_at desc, id') }}
""",
    "models/schema.yml": """version: 2
models:
  - name: keyed
    data_tests:
      - dbt_utils.unique_combination_of_columns:
          arguments:
            combination_of_columns: [order_id, method]
      - dbt_utils.expression_is_true:
          arguments:
            expression: "amount > 0"
    columns:
      - name: amount
        data_tests:
          - dbt_utils.accepted_range:
              arguments:
                min_value: 0
                max_value: 10
              config:
                severity: warn
      - name: payment_key
        data_tests: [unique, not_null]
  - name: latest
    data_tests:
      - dbt_utils.equal_rowcount:
          arguments:
            compare_model: ref('pivoted')
""",
}


UTILS_FILES["packages.yml"] = "packages:\n  - local: vendor/dbt_utils\n"
UTILS_FILES["macros/make_note.sql"] = """{% macro make_note(text, times=1) %}
  {% do run_query("create table if not exists " ~ target.schema ~ ".notes (note varchar(50))") %}
  {% for i in range(times) %}
    {% do run_query("insert into " ~ target.schema ~ ".notes values ('" ~ text ~ "')") %}
  {% endfor %}
{% endmacro %}
"""


def dbt_utils(corpora: str) -> Project:
    def make(folder):
        _write(folder, UTILS_FILES)
        shutil.copytree(os.path.join(corpora, "packages", "dbt_utils"),
                        os.path.join(folder, "vendor", "dbt_utils"))

    return Project("dbt_utils", "utils_demo", make, [
        Step("deps (a local package)", ["deps"]),
        Step("build", ["build"]),
        Step("run-operation", ["run-operation", "make_note", "--args", "{text: hello, times: 2}"]),
        Step("clean, then build", ["build"], clean_first=True),
        Step("build again", ["build"]),
    ])


# ---- snapshots: timestamp and check strategies, hard deletes ----------------------------------

SNAPSHOT_FILES = {
    "dbt_project.yml": "name: history\nversion: '1.0'\nprofile: history\n",
    "models/sources.yml": """version: 2
sources:
  - name: app
    schema: raw
    tables:
      - name: customers
""",
    "models/current_customers.sql": "select * from {{ ref('customers_snapshot') }} "
                                    "where dbt_valid_to is null\n",
    "snapshots/customers.sql": """{% snapshot customers_snapshot %}
{{ config(target_schema='snapshots', unique_key='id', strategy='timestamp',
          updated_at='updated_at') }}
select * from {{ source('app', 'customers') }}
{% endsnapshot %}

{% snapshot customers_checked %}
{{ config(target_schema='snapshots', unique_key=['id'], strategy='check',
          check_cols=['tier', 'city'], hard_deletes='invalidate') }}
select id, tier, city from {{ source('app', 'customers') }}
{% endsnapshot %}
""",
}

SNAPSHOT_FILES["snapshots/customers.yml"] = """snapshots:
  - name: customers_yaml
    relation: source('app', 'customers')
    config:
      schema: history
      unique_key: id
      strategy: timestamp
      updated_at: updated_at
"""

SNAPSHOT_SETUP = [
    "CREATE SCHEMA raw",
    "CREATE TABLE raw.customers (id INTEGER, tier VARCHAR(10), city VARCHAR(20), "
    "updated_at TIMESTAMP)",
    "INSERT INTO raw.customers VALUES (1, 'gold', 'Oslo', '2025-01-01 10:00:00'), "
    "(2, 'silver', 'Rome', '2025-01-01 11:00:00'), (3, 'bronze', 'Lima', '2025-01-02 09:00:00')",
]


def snapshots(corpora: str) -> Project:
    def make(folder):
        _write(folder, SNAPSHOT_FILES)

    clock = ["dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to"]
    return Project("snapshots", "history", make, [
        Step("setup + snapshot", ["snapshot"], sql=SNAPSHOT_SETUP),
        Step("changes + snapshot", ["snapshot"],
             sql=["UPDATE raw.customers SET tier = 'gold', updated_at = '2025-01-05 08:00:00' "
                  "WHERE id = 2",
                  "UPDATE raw.customers SET city = 'Bergen' WHERE id = 1",
                  "INSERT INTO raw.customers VALUES (4, 'silver', 'Quito', "
                  "'2025-01-05 09:00:00')"]),
        Step("a deleted row + build", ["build"],
             sql=["DELETE FROM raw.customers WHERE id = 3"]),
        Step("snapshot again (nothing new)", ["snapshot"]),
    ], clock_columns={"snapshots.customers_checked": clock})


# ---- microbatch: batches by day over the last days ------------------------------------------

def microbatch(corpora: str) -> Project:
    import datetime as dt
    today = dt.datetime.utcnow().replace(hour=0, minute=0, second=0, microsecond=0)

    def day(n, hour=12):
        return (today - dt.timedelta(days=n)).replace(hour=hour).strftime("%Y-%m-%d %H:%M:%S")

    files = {
        "dbt_project.yml": "name: batches\nversion: '1.0'\nprofile: batches\n",
        "models/sources.yml": "version: 2\nsources:\n  - name: app\n    schema: raw\n"
                              "    tables:\n      - name: events\n",
        "models/stg_events.sql": "{{ config(event_time='event_at') }}\n"
                                 "select event_id, event_at, user_id, amount "
                                 "from {{ source('app', 'events') }}\n",
        "models/daily_events.sql": (
            "{{ config(materialized='incremental', incremental_strategy='microbatch', "
            "event_time='event_at', batch_size='day', begin='" + day(4, 0)[:10] + "', "
            "lookback=1, unique_key=('event_id' if target.type == 'postgres' else none)) }}\n"
            "select event_id, event_at, user_id, amount * 10 as amount_x10 "
            "from {{ ref('stg_events') }}\n"),
    }
    setup = [
        "CREATE SCHEMA raw",
        "CREATE TABLE raw.events (event_id INTEGER, event_at TIMESTAMP, user_id INTEGER, "
        "amount INTEGER)",
        "INSERT INTO raw.events VALUES " + ", ".join(
            f"({n * 100 + h}, '{day(n, h)}', {n}, {n * 10 + h})" for n in range(0, 5)
            for h in (1, 13)),
    ]

    def make(folder):
        _write(folder, files)

    return Project("microbatch", "batches", make, [
        Step("setup + build (every batch since begin)", ["build"], sql=setup),
        Step("run again (the lookback)", ["run"]),
        Step("a late row inside the lookback + run", ["run"],
             sql=[f"INSERT INTO raw.events VALUES (7, '{day(1, 20)}', 7, 70)"]),
        Step("a late row outside the lookback + run", ["run"],
             sql=[f"INSERT INTO raw.events VALUES (8, '{day(3, 20)}', 8, 80)"]),
        Step("run --event-time-start/--event-time-end", ["run", "--event-time-start", day(3, 0),
                                                         "--event-time-end", day(2, 0)]),
        Step("run --full-refresh", ["run", "--full-refresh"],
             sql=[f"INSERT INTO raw.events VALUES (9, '{day(2, 5)}', 9, 90)"]),
    ])


# ---- unit tests: mock inputs in every format, overrides, a failing test ---------------------

# dbt runs a model's unit tests in no fixed order and, in build, skips the others once one fails:
# a model with a failing unit test has no other.
UNIT_FILES = {
    "dbt_project.yml": "name: units\nversion: '1.0'\nprofile: units\n"
                       "vars:\n  min_amount: 0\n",
    "seeds/countries.csv": "code,name\nNO,Norway\nIT,Italy\n",
    "models/sources.yml": """version: 2
sources:
  - name: app
    schema: raw
    tables:
      - name: customers
      - name: orders
""",
    "models/stg_customers.sql": "select id, name, country, email from {{ source('app', 'customers') }}\n",
    "models/stg_orders.sql": "select id, customer_id, amount, ordered_at from {{ source('app', 'orders') }}\n",
    "models/customer_totals.sql": """select c.id, c.name, k.name as country_name,
  count(o.id) as orders, coalesce(sum(o.amount), 0) as total,
  c.email like '%@%.%' as valid_email
from {{ ref('stg_customers') }} c
left join {{ ref('stg_orders') }} o on o.customer_id = c.id and o.amount > {{ var('min_amount') }}
left join {{ ref('countries') }} k on k.code = c.country
group by 1, 2, 3, 6
""",
    "models/recent_orders.sql": """{{ config(materialized='incremental', unique_key='id') }}
select id, customer_id, amount, ordered_at from {{ ref('stg_orders') }}
{% if is_incremental() %}
where ordered_at > (select max(ordered_at) from {{ this }})
{% endif %}
""",
    "models/italians.sql": "select c.id from {{ ref('stg_customers') }} c join "
                           "{{ ref('countries') }} k on k.code = c.country where k.name = 'Italy'\n",
    "models/no_orders.sql": "select id from {{ ref('customer_totals') }} where orders = 0\n",
    "models/big_spenders.sql": "select id, total from {{ ref('customer_totals') }} where total >= 100\n",
    "models/unit_tests.yml": """unit_tests:
  - name: totals_per_customer
    model: customer_totals
    given:
      - input: ref('stg_customers')
        rows:
          - {id: 1, name: Ada, country: 'NO', email: ada@example.com}
          - {id: 2, name: Bo, country: IT, email: bo-at-example}
      - input: ref('stg_orders')
        rows:
          - {id: 10, customer_id: 1, amount: 30}
          - {id: 11, customer_id: 1, amount: 12}
          - {id: 12, customer_id: 2, amount: 5}
      - input: ref('countries')
        format: csv
        rows: |
          code,name
          NO,Norway
    expect:
      rows:
        - {id: 2, name: Bo, country_name: null, orders: 1, total: 5, valid_email: false}
        - {id: 1, name: Ada, country_name: Norway, orders: 2, total: 42, valid_email: true}
  - name: min_amount_override
    model: customer_totals
    overrides:
      vars: {min_amount: 10}
    given:
      - input: ref('stg_customers')
        format: csv
        fixture: two_customers
      - input: ref('stg_orders')
        format: sql
        rows: |
          select 10 as id, 1 as customer_id, 30 as amount, cast(null as timestamp) as ordered_at
          union all select 11, 1, 5, null
      - input: ref('countries')
        rows: []
    expect:
      format: csv
      rows: |
        id,orders,total
        1,1,30
        2,0,0
  - name: a_seed_not_given
    model: italians
    given:
      - input: ref('stg_customers')
        rows:
          - {id: 3, name: Cy, country: IT}
    expect:
      rows:
        - {id: 3}
  - name: incremental_reads_new_rows
    model: recent_orders
    overrides:
      macros:
        is_incremental: true
    given:
      - input: ref('stg_orders')
        rows:
          - {id: 1, ordered_at: '2025-01-01 10:00:00'}
          - {id: 2, ordered_at: '2025-01-03 10:00:00'}
      - input: this
        rows:
          - {id: 1, ordered_at: '2025-01-02 00:00:00'}
    expect:
      rows:
        - {id: 2}
  - name: wrong_expectation
    model: big_spenders
    given:
      - input: ref('customer_totals')
        rows:
          - {id: 1, total: 150}
          - {id: 2, total: 99}
    expect:
      rows:
        - {id: 1, total: 150}
        - {id: 2, total: 99}
  - name: everybody_ordered
    model: no_orders
    given:
      - input: ref('customer_totals')
        rows:
          - {id: 1, orders: 3}
    expect:
      rows: []
""",
    "tests/fixtures/two_customers.csv": "id,name,country,email\n1,Ada,NO,ada@example.com\n"
                                        "2,Bo,IT,\n",
}

UNIT_SETUP = [
    "CREATE SCHEMA raw",
    "CREATE TABLE raw.customers (id INTEGER, name VARCHAR(20), country VARCHAR(2), "
    "email VARCHAR(40))",
    "INSERT INTO raw.customers VALUES (1, 'Ada', 'NO', 'ada@example.com'), "
    "(2, 'Bo', 'IT', 'bo@example.com')",
    "CREATE TABLE raw.orders (id INTEGER, customer_id INTEGER, amount INTEGER, "
    "ordered_at TIMESTAMP)",
    "INSERT INTO raw.orders VALUES (10, 1, 120, '2025-01-01 10:00:00'), "
    "(11, 2, 7, '2025-01-02 10:00:00')",
]


def unit_tests(corpora: str) -> Project:
    def make(folder):
        _write(folder, UNIT_FILES)

    return Project("unit_tests", "units", make, [
        Step("setup + build (big_spenders and italians skipped: their unit tests fail)", ["build"],
             sql=UNIT_SETUP),
        Step("test --select test_type:unit", ["test", "--select", "test_type:unit"]),
        Step("build customer_totals+ (its unit tests first)",
             ["build", "--select", "customer_totals+", "--exclude", "big_spenders"]),
        Step("run recent_orders (its table: the `this` input's columns)",
             ["run", "--select", "recent_orders"]),
        Step("test recent_orders (the incremental unit test passes)",
             ["test", "--select", "recent_orders"]),
        Step("build --empty (schema only), then the unit tests",
             ["build", "--empty", "--exclude", "test_type:unit"],
             sql=["INSERT INTO raw.orders VALUES (12, 1, 50, '2025-01-03 10:00:00')"]),
        Step("test --select test_type:unit after an empty build", ["test", "--select",
                                                                   "test_type:unit"]),
    ])


# ---- model versions: refs to a version and to the latest, aliases, selection by version -----

VERSION_FILES = {
    "dbt_project.yml": "name: versioned\nversion: '1.0'\nprofile: versioned\n",
    "seeds/people.csv": "id,first_name,last_name,country\n1,Ada,Lovelace,UK\n"
                        "2,Alan,Turing,UK\n3,Grace,Hopper,US\n",
    "models/dim_people_v1.sql": "select id, first_name || ' ' || last_name as full_name, country "
                                "from {{ ref('people') }}\n",
    "models/dim_people_v2.sql": "select id, first_name, last_name, country "
                                "from {{ ref('people') }}\n",
    "models/marts/people_next.sql": "select id, upper(last_name) as last_name, "
                                    "country = 'UK' as is_uk from {{ ref('people') }}\n",
    "models/people_per_country.sql": "select v1.country, count(*) as people, "
                                     "max(v2.last_name) as a_last_name "
                                     "from {{ ref('dim_people') }} v1 "
                                     "join {{ ref('dim_people', v=2) }} v2 on v2.id = v1.id "
                                     "group by 1\n",
    "models/graph_facts.sql": """{% set names = [] %}
{% if execute %}
{% for node in graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') %}
{% do names.append(node.name ~ ':' ~ node.config.materialized ~ ':' ~ node.depends_on.nodes | length) %}
{% endfor %}
{% endif %}
{% for name in names | sort %}select '{{ name }}' as node{% if not loop.last %} union all {% endif %}{% endfor %}
""",
    "models/python_modules.sql": r"""select
  '{{ modules.datetime.datetime(2025, 3, 4, 5, 6, 7).strftime("%Y-%m-%d %H:%M:%S %a %b %j %p") }}' as formatted,
  '{{ modules.datetime.datetime.strptime("2025-01-31 10:20", "%Y-%m-%d %H:%M").date() }}' as parsed,
  '{{ modules.datetime.date(2024, 2, 29).isoformat() }}' as iso,
  '{{ modules.datetime.datetime(2025, 1, 2, 3, 4, 5) }}' as printed,
  '{{ modules.datetime.datetime(2025, 1, 2, 3, 4, 5).replace(day=9).isoformat() }}' as replaced,
  '{{ modules.re.sub("[^a-z]+", "_", "Hello World 42") }}' as subbed,
  '{{ modules.re.sub("(\w+)@(\w+)", "\2 at \1", "ada@home") }}' as swapped,
  '{{ modules.re.search("(\d+)-(\d+)", "ab 12-34 cd").group(2) }}' as second_group,
  '{{ modules.re.findall("[a-z]+", "ab 12 cd") | join(",") }}' as found,
  {{ 'true' if modules.re.match("^a", "abc") else 'false' }} as matched,
  {{ 'true' if modules.re.match("b", "abc") else 'false' }} as not_at_start,
  '{{ (modules.datetime.datetime(2025, 3, 1) - modules.datetime.timedelta(days=1)).strftime("%Y-%m-%d") }}' as day_before,
  '{{ modules.datetime.datetime(2025, 3, 1, 6) + modules.datetime.timedelta(hours=20, minutes=5) }}' as later,
  {{ (modules.datetime.date(2025, 3, 1) - modules.datetime.date(2024, 12, 25)).days }} as days_between,
  '{{ modules.datetime.timedelta(days=1, seconds=3723) }}' as delta_printed,
  {{ 'true' if modules.datetime.datetime(2025, 1, 2) > modules.datetime.datetime(2025, 1, 1) else 'false' }} as ordered,
  '{{ (run_started_at - modules.datetime.timedelta(days=3)).strftime("%Z") }}' as zone_kept,
  {{ run_started_at.year >= 2025 }} as started_recently,
  '{{ run_started_at.strftime("%Z") }}' as zone
""",
    "models/uk_people.sql": "select id from {{ ref('dim_people', version=3) }} where is_uk\n",
    "models/people.yml": """version: 2
models:
  - name: dim_people
    latest_version: 2
    config:
      materialized: table
    columns:
      - name: id
        data_tests: [unique]
    versions:
      - v: 1
        config:
          materialized: view
      - v: 2
      - v: 3
        defined_in: people_next
unit_tests:
  - name: keeps_every_person
    model: people_per_country
    given:
      - input: ref('dim_people')
        rows:
          - {id: 1, country: UK}
          - {id: 2, country: UK}
      - input: ref('dim_people', v=2)
        rows:
          - {id: 1, last_name: Lovelace}
          - {id: 2, last_name: Turing}
    expect:
      rows:
        - {country: UK, people: 2, a_last_name: Turing}
""",
}


def versions(corpora: str) -> Project:
    def make(folder):
        _write(folder, VERSION_FILES)

    return Project("versions", "versioned", make, [
        Step("build", ["build"]),
        Step("run --select dim_people (every version)", ["run", "--select", "dim_people"]),
        Step("run --select version:latest", ["run", "--select", "version:latest"]),
        Step("run --select dim_people.v3+", ["run", "--select", "dim_people.v3+"]),
        Step("build --select version:old+", ["build", "--select", "version:old+"]),
    ])


def all_projects(corpora: str, dbt_binary: str, work: str) -> List[Project]:
    return [jaffle_shop(corpora), dbt_init(dbt_binary, work), course(corpora),
            strategies(corpora), dbt_utils(corpora), snapshots(corpora), microbatch(corpora),
            unit_tests(corpora), versions(corpora)]
