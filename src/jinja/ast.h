// The template AST: expressions and statements, each with the source offset it starts at (the
// template's SourceText turns it into a line and column). Nodes are built by the parser and
// never change afterwards; a parsed template is shared read-only between renders.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "jinja/value.h"

namespace strata::jinja {

enum class ExprKind : uint8_t {
  kConst,      // constant
  kName,       // name
  kGetAttr,    // children[0].name
  kGetItem,    // children[0][children[1]]
  kSlice,      // children: start, stop, step (null when omitted); only inside kGetItem
  kCall,       // children[0](args)
  kFilter,     // children[0] | name(args); children[0] null inside a filter block
  kTest,       // children[0] is name(args)
  kNot,        // not children[0]
  kNeg,        // -children[0]
  kPos,        // +children[0]
  kBinary,     // children[0] op children[1]
  kAnd,        // children[0] and children[1]
  kOr,         // children[0] or children[1]
  kCompare,    // children[0] ops[0] children[1] ops[1] children[2] …
  kConcat,     // children joined with ~
  kCondition,  // children[1] if children[0] else children[2] (children[2] null: no else)
  kList,
  kTuple,
  kDict,  // children: key, value, key, value, …
};

enum class BinaryOp : uint8_t { kAdd, kSub, kMul, kDiv, kFloorDiv, kMod, kPow };
enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// The arguments written at a call, filter or test.
struct CallArgs {
  std::vector<ExprPtr> positional;
  std::vector<std::pair<std::string, ExprPtr>> keyword;
  ExprPtr star_args;    // *args
  ExprPtr star_kwargs;  // **kwargs
};

struct Expr {
  ExprKind kind;
  uint32_t offset = 0;
  Value constant;    // kConst
  std::string name;  // kName, kGetAttr, kFilter, kTest
  BinaryOp binary_op = BinaryOp::kAdd;
  std::vector<CompareOp> compare_ops;  // kCompare
  std::vector<ExprPtr> children;
  std::unique_ptr<CallArgs> args;  // kCall, kFilter, kTest

  Expr(ExprKind k, uint32_t off) : kind(k), offset(off) {}
};

// An assignment target: a name, a tuple of targets (`a, b`), or `ns.attr` (only in set).
struct Target {
  enum class Kind : uint8_t { kName, kTuple, kAttribute };
  Kind kind = Kind::kName;
  uint32_t offset = 0;
  std::string name;           // kName: the variable; kAttribute: the attribute
  std::string object;         // kAttribute: the namespace variable
  std::vector<Target> items;  // kTuple
};

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

// A macro's (or a call block's caller's) signature and body.
struct MacroDecl {
  std::string name;
  std::vector<std::string> params;
  std::vector<ExprPtr> defaults;  // for the last defaults.size() params
  Body body;
  bool uses_varargs = false;
  bool uses_kwargs = false;
  bool uses_caller = false;
};

enum class StmtKind : uint8_t {
  kData,         // text
  kOutput,       // {{ expr }}
  kIf,           // conditions[i] → bodies[i]; else_body
  kFor,          // for target in expr [if condition]: body, else_body
  kSet,          // set target = expr
  kSetBlock,     // set target [| filter]: body
  kMacro,        // macro
  kCallBlock,    // call[(caller args)] expr: body
  kFilterBlock,  // filter filter_chain: body
  kWith,         // with assignments: body
  kDo,           // do expr
  kBreak,
  kContinue,
  kInclude,     // include expr [ignore missing] [with|without context]
  kImport,      // import expr as name
  kFromImport,  // from expr import names
};

struct Stmt {
  StmtKind kind;
  uint32_t offset = 0;
  std::string text;   // kData
  ExprPtr expr;       // output/set/do/for iterable/include/import template/call expression
  ExprPtr condition;  // for: the loop filter
  ExprPtr filter;     // set block, filter block: the filter chain (kFilter with null input)
  Target target;      // for, set, set block
  std::vector<ExprPtr> conditions;  // if / elif
  std::vector<Body> bodies;         // if / elif bodies
  Body body;
  Body else_body;
  bool has_else = false;
  bool recursive = false;
  std::shared_ptr<MacroDecl> macro;                          // macro, call block (the caller)
  std::vector<std::pair<Target, ExprPtr>> assignments;       // with
  std::vector<std::pair<std::string, std::string>> imports;  // from import: name, alias
  std::string alias;                                         // import … as alias
  bool ignore_missing = false;
  bool with_context = true;  // include default; import and from default to false

  Stmt(StmtKind k, uint32_t off) : kind(k), offset(off) {}
};

}  // namespace strata::jinja
