// The typed definition of a model (DESIGN.md §2): every property of the MODEL header with its
// type checked and its default applied, plus the statements of the model file. Built from a
// parsed header (model_header.h) by BuildModel; model files are read by model_file.h, external
// models by external_models.h.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/cron.h"
#include "base/interval_unit.h"
#include "base/status.h"
#include "project/audit.h"
#include "project/csv.h"
#include "project/model_defaults.h"
#include "project/model_header.h"
#include "project/model_kind.h"
#include "sql/ast.h"
#include "sql/dialect.h"

namespace strata::project {

// A declared column: `columns (name TYPE, ...)`, or an external model's column.
struct ColumnDeclaration {
  std::string name;  // normalized: lower-case unless quoted
  std::string type;  // the type as DuckDB SQL, e.g. "DECIMAL(10, 2)"
};

// One audit call of `audits (...)` / `assertions (...)`: `not_null(columns := (a, b))`.
struct AuditCall {
  std::string name;                                                 // lower-case
  std::vector<std::pair<std::string, const sql::Node*>> arguments;  // by name, as written
  std::vector<sql::Span> argument_spans;  // where each argument's name is, for errors
  sql::Span span;
};

// Where a model came from, for errors and for `format`.
struct ModelOrigin {
  std::filesystem::path file;  // relative to the project folder
  int line = 0;                // of the MODEL keyword (0 for external models)
};

struct Model {
  // ---- identity
  std::string name;                     // normalized "schema.table" (see NormalizeName)
  std::vector<std::string> name_parts;  // normalized parts
  ModelOrigin origin;

  // ---- properties (DESIGN.md §2), defaults as SQLMesh's
  ModelKind kind;
  std::optional<std::string> start;  // as written ('2025-01-01', '1 year ago', ...)
  std::optional<std::string> end;
  std::string cron_text = "@daily";
  std::optional<Cron> cron;  // always set for a loaded model
  std::string cron_tz = "UTC";
  std::optional<IntervalUnit> interval_unit;  // declared; else derived from the cron
  std::vector<std::string> grains;
  std::string owner;
  std::string description;
  std::vector<std::pair<std::string, std::string>> column_descriptions;  // in declared order
  std::vector<ColumnDeclaration> columns;                                // declared types
  std::vector<AuditCall> audits;  // audits and assertions, in order
  // Audits the model file defines after its query (`AUDIT (name x); SELECT ...`), which only this
  // model can call; they take precedence over audits/ of the same name.
  std::vector<Audit> inline_audits;
  std::vector<std::string> tags;
  std::string dialect = "duckdb";
  sql::DialectKind dialect_kind = sql::DialectKind::kDuckDb;
  std::vector<std::string> depends_on;  // normalized model names
  std::vector<const sql::Node*> partitioned_by;
  std::vector<const sql::Node*> clustered_by;
  bool allow_partials = false;
  bool enabled = true;
  std::string gateway;  // empty: the default gateway
  std::vector<std::pair<std::string, const sql::Node*>> physical_properties;
  std::vector<std::string> on_virtual_update;  // statements as written
  std::string stamp;
  std::string storage_format;

  // ---- body (SQL models)
  std::vector<const sql::Node*> pre_statements;
  const sql::Node* query = nullptr;  // nullptr for SEED and EXTERNAL models
  std::vector<const sql::Node*> post_statements;

  // The tables the query reads (not CTEs), normalized, each with its kTable node, in first-use
  // order; computed when the file is loaded (on the loader's threads), used by the DAG.
  struct TableRead {
    std::string name;
    std::vector<std::string> parts;
    const sql::Node* table = nullptr;
  };
  std::vector<TableRead> reads;

  // ---- data
  std::shared_ptr<const CsvTable> seed;  // SEED: the CSV's contents
  std::filesystem::path seed_file;       // SEED: the CSV, relative to the project folder

  // ---- the text the nodes view, and the arena holding them (shared between models parsed by
  // one loader thread)
  std::string_view source;
  std::shared_ptr<const sql::Arena> arena;
  // The schema its physical tables live in, from config physical_schema_mapping (the first
  // pattern matching the start of its schema's name); empty: strata__<schema>.
  std::string physical_schema;
  // Whether `source` is the model file as its Jinja rendered it (project/model_jinja.h), not the
  // file's own text.
  bool from_jinja = false;
  // What loading the file noticed without failing, each a located message; the project loader
  // moves them to the project's warnings.
  std::vector<std::string> load_warnings;

  // The interval unit: the declared one, else the cron's.
  IntervalUnit EffectiveIntervalUnit() const;
  // The columns with types when known: declared columns, else the seed's (declared or inferred).
  std::vector<ColumnDeclaration> KnownColumns() const;
};

// Normalizes a model or table name written as identifier nodes: unquoted parts are lower-cased
// (DuckDB and Postgres fold unquoted names), quoted parts kept; parts are joined by '.', each
// spelled as SQL would (quoted when needed). `parts` are (text, quoted) pairs.
std::string NormalizeName(const std::vector<std::pair<std::string_view, bool>>& parts,
                          std::vector<std::string>* normalized_parts = nullptr);
// The normalized name of a kName or kColumn node.
std::string NormalizeNameNode(const sql::Node* name, std::vector<std::string>* parts = nullptr);
// Normalizes a dotted name given as text ("Sales.Daily", "raw.\"Orders\""), and its parts into
// `parts` when given; fails with InvalidArgument when it does not parse as a name.
Result<std::string> NormalizeNameText(std::string_view text,
                                      std::vector<std::string>* parts = nullptr);

// Everything BuildModel needs besides the header.
class ModelJinja;

struct ModelContext {
  std::string_view file;    // for errors: the path as shown to the user
  std::string_view source;  // the file's text (the header's spans point into it)
  const ModelDefaults* defaults = nullptr;
  int64_t now = 0;  // UTC microseconds, for relative `start`/`end` checks
  // The project folder (SEED paths are read relative to the model file's folder in it).
  std::filesystem::path project_dir;
  // model_naming.infer_names: a model without `name` takes `inferred_name`, the name of its
  // file's path (models/<schema>/<table>.sql), empty when the path gives none.
  bool infer_names = false;
  std::string inferred_name;
  // The folder of the model's own project relative to `project_dir` (empty but in a multi-repo
  // setup), which `$root` in a seed path names.
  std::filesystem::path repo_prefix;
  // Renders the Jinja of model files (null: a file with Jinja is an error).
  const ModelJinja* jinja = nullptr;
};

// The name SQLMesh infers from a model file's path relative to the project: the folders after
// `models` and the file's stem, the last three at most, joined by '.' ("models/sales/daily.sql"
// is "sales.daily"); empty when that gives fewer than two parts.
std::string InferredModelName(const std::filesystem::path& relative_path);

// Builds a model from a parsed MODEL header: checks every property and kind parameter (unknown
// names with a "did you mean" hint, value types, crons, dates) and applies defaults. Appends
// every problem found to `errors` (each with file, line, column and caret) and returns the model
// even when there were errors (so later checks can go on).
Model BuildModel(const Header& header, const ModelContext& context, std::vector<Status>* errors);

// Every property name a MODEL header accepts.
const std::vector<std::string_view>& ModelPropertyNames();

// A ProjectError at `span` of `source` with `hint` (may be empty).
Status ErrorAtSpan(std::string_view source, std::string_view file, const sql::Span& span,
                   std::string message, std::string hint = "");

}  // namespace strata::project
