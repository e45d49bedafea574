// A model file, `models/**/*.sql`: the MODEL header, then optional pre-statements, exactly one
// query, optional post-statements, separated by ';'. A statement that is only a macro call
// (`@DEF(x, 1);`) is kept as a kMacroCall expression for the macro engine.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "project/model.h"
#include "project/model_header.h"
#include "sql/ast.h"
#include "sql/tokenizer.h"

namespace strata::project {

// The statements of a model (or audit) file after its header, in order, with the query's index.
struct ParsedBody {
  std::vector<const sql::Node*> statements;
  // Per statement, the index of its first token and of the token after it (';' or the end).
  std::vector<size_t> first_tokens;
  std::vector<size_t> end_tokens;
  int query_index = -1;  // -1: no query
  // The token of the first `AUDIT (` header after the statements (audits defined in the model
  // file, which run to the end of it), or 0 when there is none.
  size_t audits_token = 0;
};

// The syntax of a whole model file: tokens, header and body. The nodes live in `arena`; the
// tokens view `source` (the arena's copy of the text).
struct ParsedModelFile {
  std::string_view source;
  sql::TokenStream tokens;
  Header header;
  ParsedBody body;
};

// Parses the syntax of a model file (`file` names it in errors) into `arena`. Fails with the
// first syntax error (file, line, column, caret): a missing or malformed header, bad SQL, text
// that is not UTF-8, an empty file.
Result<ParsedModelFile> ParseModelFile(std::string_view text, std::string_view file,
                                       sql::Arena* arena);

// Parses statements from the parser's position to the end of input (or to the first AUDIT header),
// each ended by ';' or the end. A statement that is only a macro call becomes a kMacroCall
// expression. A second query is an error (in `file`, whose text is `source`).
Result<ParsedBody> ParseBody(sql::Parser& parser, std::string_view source, std::string_view file);

// Loads one model file: parses it into `arena` (shared: the model keeps it alive), builds the
// model, reads its seed, and checks what needs the query (time_column and unique_key are output
// columns, declared columns exist). `relative_path` is the file relative to the project folder.
// Appends every problem to `errors`; returns nullopt when the file could not be parsed.
std::optional<Model> LoadModelFile(std::string_view text,
                                   const std::filesystem::path& relative_path,
                                   const ModelContext& context,
                                   const std::shared_ptr<sql::Arena>& arena,
                                   std::vector<Status>* errors);

// The tables `query` reads (see Model::reads); empty for nullptr.
std::vector<Model::TableRead> TableReads(const sql::Node* query);

// Whether `node` is a query (SELECT, set operation, VALUES, parenthesized query, DuckDB's PIVOT
// and UNPIVOT statements).
bool IsQuery(const sql::Node* node);

}  // namespace strata::project
