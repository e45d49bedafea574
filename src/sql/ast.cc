// Arena allocation, equality, clone and dump of AST nodes.
#include "sql/ast.h"

#include <cstring>

namespace strata::sql {

namespace {
constexpr size_t kBlockSize = 64 * 1024;
}  // namespace

void* Arena::Allocate(size_t size) {
  size = (size + 7) & ~size_t{7};
  if (size > remaining_) {
    size_t block = size > kBlockSize / 4 ? size : kBlockSize;
    // Default-initialized (not zeroed): every byte handed out is written before it is read.
    blocks_.push_back(std::unique_ptr<char[]>(new char[block]));
    cursor_ = blocks_.back().get();
    remaining_ = block;
  }
  void* result = cursor_;
  cursor_ += size;
  remaining_ -= size;
  bytes_used_ += size;
  return result;
}

Node* Arena::New(NodeKind kind, size_t slot_count, Span span) {
  Node* node = new (Allocate(sizeof(Node))) Node();
  node->kind = kind;
  node->span = span;
  if (slot_count > 0) {
    node->slots = static_cast<Node**>(Allocate(slot_count * sizeof(Node*)));
    std::memset(node->slots, 0, slot_count * sizeof(Node*));
    node->slot_count = static_cast<uint32_t>(slot_count);
  }
  return node;
}

Node* Arena::New(NodeKind kind, std::initializer_list<Node*> slots, Span span) {
  return New(kind, std::span<Node* const>(slots.begin(), slots.size()), span);
}

Node* Arena::New(NodeKind kind, std::span<Node* const> slots, Span span) {
  Node* node = New(kind, slots.size(), span);
  if (!slots.empty()) {
    std::memcpy(node->slots, slots.data(), slots.size() * sizeof(Node*));
  }
  return node;
}

std::string_view Arena::Store(std::string_view text) {
  if (text.empty()) {
    return {};
  }
  char* data = static_cast<char*>(Allocate(text.size()));
  std::memcpy(data, text.data(), text.size());
  return {data, text.size()};
}

std::string_view NodeKindName(NodeKind kind) {
  static constexpr std::string_view kNames[] = {
      "List",        "Identifier",    "Name",          "Column",      "Star",        "Columns",
      "Literal",     "TypedLiteral",  "Interval",      "Parameter",   "MacroVar",    "MacroCall",
      "MacroBrace",  "Unary",         "Binary",        "Is",          "PostfixNull", "Between",
      "In",          "Like",          "Quantified",    "Case",        "When",        "Cast",
      "Type",        "TypeField",     "Function",      "NamedArg",    "WindowSpec",  "Frame",
      "FrameBound",  "Extract",       "Position",      "Substring",   "Trim",        "AtTimeZone",
      "Collate",     "Array",         "ArraySubquery", "Struct",      "StructField", "Map",
      "Row",         "Subscript",     "Slice",         "FieldAccess", "MethodCall",  "Lambda",
      "Paren",       "Subquery",      "Exists",        "Alias",       "Default",     "Select",
      "SetOp",       "Values",        "QueryParen",    "With",        "Cte",         "Ordered",
      "GroupBy",     "GroupingSets",  "Rollup",        "Cube",        "NamedWindow", "Limit",
      "Table",       "TableFunction", "DerivedTable",  "TableAlias",  "Join",        "Using",
      "Pivot",       "PivotOn",       "Sample",        "CreateTable", "ColumnDef",   "Constraint",
      "CreateView",  "CreateSchema",  "Insert",        "OnConflict",  "Delete",      "Update",
      "UpdateSet",   "Assign",        "Merge",         "MergeWhen",   "MergeAction", "AlterTable",
      "AlterAction", "Drop",          "Opaque",
  };
  static_assert(std::size(kNames) == kNodeKindCount, "one name per NodeKind");
  return kNames[static_cast<int>(kind)];
}

bool Equal(const Node* a, const Node* b) {
  if (a == b) {
    return true;
  }
  if (a == nullptr || b == nullptr) {
    return false;
  }
  if (a->kind != b->kind || a->literal != b->literal || a->flags != b->flags ||
      a->slot_count != b->slot_count || a->text != b->text) {
    return false;
  }
  for (uint32_t i = 0; i < a->slot_count; ++i) {
    if (!Equal(a->slots[i], b->slots[i])) {
      return false;
    }
  }
  return true;
}

Node* Clone(const Node* node, Arena* arena) {
  if (node == nullptr) {
    return nullptr;
  }
  Node* copy = arena->New(node->kind, node->slot_count, node->span);
  copy->literal = node->literal;
  copy->flags = node->flags;
  copy->text = arena->Store(node->text);
  copy->comments = arena->Store(node->comments);
  for (uint32_t i = 0; i < node->slot_count; ++i) {
    copy->slots[i] = Clone(node->slots[i], arena);
  }
  return copy;
}

namespace {

void AppendQuoted(std::string* out, std::string_view text) {
  out->push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out->push_back('\\');
    }
    if (c == '\n') {
      out->append("\\n");
      continue;
    }
    out->push_back(c);
  }
  out->push_back('"');
}

void DumpInto(const Node* node, int depth, std::string* out) {
  out->append(static_cast<size_t>(depth) * 2, ' ');
  if (node == nullptr) {
    out->append("nil");
    return;
  }
  out->push_back('(');
  out->append(NodeKindName(node->kind));
  if (!node->text.empty() || node->kind == NodeKind::kIdentifier ||
      node->literal == LiteralKind::kString) {
    out->push_back(' ');
    AppendQuoted(out, node->text);
  }
  static constexpr std::string_view kLiteralNames[] = {"",     "int",  "decimal", "string",
                                                       "bits", "null", "true",    "false"};
  if (node->literal != LiteralKind::kNone) {
    out->append(" :");
    out->append(kLiteralNames[static_cast<int>(node->literal)]);
  }
  // Flag bits by their primary name (several kinds reuse a bit under another name; see ast.h).
  static constexpr std::string_view kFlagNames[] = {"quoted",
                                                    "not",
                                                    "distinct",
                                                    "all",
                                                    "try",
                                                    "short_cast",
                                                    "ignore_nulls",
                                                    "respect_nulls",
                                                    "star_arg",
                                                    "arrow",
                                                    "desc",
                                                    "asc",
                                                    "nulls_first",
                                                    "nulls_last",
                                                    "recursive",
                                                    "materialized",
                                                    "not_materialized",
                                                    "by_name",
                                                    "natural",
                                                    "asof",
                                                    "positional",
                                                    "outer",
                                                    "lateral",
                                                    "or_replace",
                                                    "if_not_exists",
                                                    "if_exists",
                                                    "temporary",
                                                    "cascade",
                                                    "bit28",
                                                    "from_first",
                                                    "keyword"};
  for (size_t bit = 0; bit < std::size(kFlagNames); ++bit) {
    if (node->flags & (1u << bit)) {
      out->append(" :");
      out->append(kFlagNames[bit]);
    }
  }
  for (uint32_t i = 0; i < node->slot_count; ++i) {
    out->push_back('\n');
    DumpInto(node->slots[i], depth + 1, out);
  }
  out->push_back(')');
}

}  // namespace

std::string Dump(const Node* node) {
  std::string out;
  DumpInto(node, 0, &out);
  return out;
}

}  // namespace strata::sql
