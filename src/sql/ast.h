// The SQL abstract syntax tree. One uniform node type: a kind, kind-specific flag bits, a text
// (name, literal, operator or keyword), a source span, and an ordered array of child slots whose
// meaning is fixed per kind (documented on each NodeKind; an absent optional slot is nullptr).
//
// Why uniform nodes in an arena: equality, clone, dump and tree walks are written once for all
// kinds; analysis passes (table references, qualification, rewriting) walk children without a
// visitor per kind; and parsing allocates by bumping a pointer, which is what makes parse +
// generate run at tens of MB/s. Nodes and their texts live in an Arena owned by the caller
// (usually through a ParsedScript); a node never outlives its arena.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sql/token.h"

namespace strata::sql {

// Node kinds. "slots:" lists the children in order; `?` marks optional (nullptr) slots and `*`
// a variable-length tail. "text:" and "flags:" say what those fields hold.
enum class NodeKind : uint8_t {
  // ---- generic
  kList,        // slots: items*  (a comma list inside another node)
  kIdentifier,  // text: name (unescaped). flags: kQuoted
  kName,        // slots: kIdentifier* (catalog.schema.table or a.b.c)
  // ---- expressions
  kColumn,   // slots: kIdentifier* (qualifiers then column)
  kStar,     // slots: qualifier kName?, exclude kList?, replace kList? (of kAlias), rename kList?
  kColumns,  // COLUMNS(expr). slots: expr
  kLiteral,  // text: spelling (numbers) or decoded value (strings). op in flags: kLit*
  kTypedLiteral,  // DATE '2020-01-01'. slots: kType, kLiteral
  kInterval,      // INTERVAL '1' DAY. slots: value. text: unit ("" when in the string)
  kParameter,     // text: ?, ?1, $1, $name
  kMacroVar,      // text: @name
  kMacroCall,     // @name(args). text: @name. slots: args*. flags: kClause (a conditional
                  // clause `@WHERE(cond) body`: slots are cond then the clause body — an
                  // expression for @WHERE/@HAVING, kGroupBy, kList of kOrdered, kLimit, or the
                  // kJoin for @JOIN, which stands in the join tree where that kJoin would)
  kMacroBrace,    // text: @{name}
  kUnary,         // text: operator (-, +, ~, NOT, @). slots: operand
  kBinary,        // text: operator (upper-case keywords: AND, OR; symbols). slots: left, right
  kIs,            // x IS [NOT] NULL/TRUE/FALSE/DISTINCT FROM y. slots: left, right. flags: kNot,
                  // kDistinctFrom
  kPostfixNull,   // x ISNULL / x NOTNULL. slots: operand. flags: kNot (NOTNULL)
  kBetween,       // slots: expr, low, high. flags: kNot, kSymmetric
  kIn,            // slots: expr, list (kRow of items, kSubquery, or a list expression).
                  // flags: kNot
  kLike,          // text: LIKE, ILIKE, SIMILAR TO, GLOB. slots: expr, pattern, escape?. flags: kNot
  kQuantified,    // ANY/ALL/SOME (subquery or array). text: keyword. slots: operand
  kCase,          // slots: operand?, else?, kWhen*
  kWhen,          // slots: condition, result
  kCast,          // slots: expr, kType. flags: kTry, kShortCast (::)
  kType,          // text: base name, upper-cased ("[]" for an array of slot 0, whose slot 1 is
                  // the fixed size, if any); slots: params* (literals, kType, kTypeField)
  kTypeField,     // a STRUCT field. text: name. slots: kType. flags: kQuoted
  kFunction,      // text: name (as written; dotted when qualified). slots: args kList, order
                  // kList?, filter?, over?, within_group kList?. flags: kDistinct, kIgnoreNulls,
                  // kRespectNulls, kStarArg (count(*)), kQuoted
  kNamedArg,      // name := value / name => value. text: name. slots: value. flags: kArrow
  kWindowSpec,    // OVER (...). text: base window name. slots: partition kList?, order kList?,
                  // frame?. flags: kNamedOnly (OVER w)
  kFrame,         // text: ROWS/RANGE/GROUPS. slots: start, end?. flags: kExclude* bits
  kFrameBound,    // text: UNBOUNDED PRECEDING, CURRENT ROW, PRECEDING, FOLLOWING. slots: value?
  kExtract,       // EXTRACT(field FROM expr). text: field. slots: expr
  kPosition,      // POSITION(needle IN haystack). slots: needle, haystack
  kSubstring,     // SUBSTRING(s FROM a FOR b). slots: string, from?, for?
  kTrim,          // TRIM([LEADING|TRAILING|BOTH] [chars] FROM s). text: side. slots: chars?, string
  kAtTimeZone,    // slots: expr, zone
  kCollate,       // slots: expr. text: collation. flags: kQuoted
  kArray,         // [a, b] or ARRAY[a, b]. slots: items*. flags: kArrayKeyword
  kArraySubquery,  // ARRAY(SELECT ...). slots: query
  kStruct,         // {'a': 1}. slots: kStructField*
  kStructField,    // text: key. slots: value. flags: kQuoted (key was a quoted identifier)
  kMap,            // MAP {k: v}. slots: key, value, key, value...
  kRow,            // ROW(a, b) or (a, b). slots: items*. flags: kRowKeyword
  kSubscript,      // x[i]. slots: expr, index
  kSlice,          // x[a:b:c]. slots: expr, start?, end?, step?. flags: kHasStep
  kFieldAccess,    // (expr).field. slots: expr. text: field. flags: kQuoted
  kMethodCall,     // expr.func(args). text: name. slots: expr, args*
  kLambda,         // lambda x, y: body (DuckDB 1.3+). slots: kList of kIdentifier, body
  kParen,          // (expr). slots: expr; in FROM, a parenthesized join: join, alias?
  kSubquery,       // (query) as an expression. slots: query
  kExists,         // EXISTS (query). slots: query
  kAlias,          // expr AS name (also written without AS). text: name. slots: expr.
                   // flags: kQuoted
  kDefault,        // DEFAULT (in INSERT VALUES / UPDATE SET)
  // ---- queries
  kSelect,        // slots: see SelectSlot. flags: kDistinct, kFromFirst
  kSetOp,         // text: UNION/INTERSECT/EXCEPT. slots: with?, left, right, order?, limit?,
                  // offset?. flags: kAll, kDistinct, kByName
  kValues,        // VALUES (..), (..). slots: kRow*
  kQueryParen,    // (query) with modifiers outside. slots: with?, query, order?, limit?, offset?
  kWith,          // slots: kCte*. flags: kRecursive
  kCte,           // text: name. slots: columns kList?, query. flags: kQuoted, kMaterialized,
                  // kNotMaterialized
  kOrdered,       // slots: expr (nullptr for ORDER BY ALL). flags: kDesc, kAsc, kNullsFirst,
                  // kNullsLast, kAll
  kGroupBy,       // slots: items* (exprs, kGroupingSets, kRollup, kCube). flags: kAll
  kGroupingSets,  // slots: items* (kRow for tuples or exprs)
  kRollup,        // slots: items*
  kCube,          // slots: items*
  kNamedWindow,   // WINDOW w AS (...). text: name. slots: kWindowSpec
  kLimit,         // slots: count. flags: kPercent, kFetch (FETCH FIRST n ROWS ONLY), kLimitAll
  // ---- table expressions
  kTable,          // slots: kName, alias kTableAlias?, sample?
  kTableFunction,  // slots: kFunction (or kMacroCall), alias kTableAlias?. flags: kLateral,
                   // kWithOrdinality
  kDerivedTable,   // (query) in FROM. slots: query, alias kTableAlias?. flags: kLateral
  kTableAlias,     // text: name. slots: column kIdentifier*. flags: kQuoted
  kJoin,           // text: INNER/LEFT/RIGHT/FULL/CROSS/SEMI/ANTI/"" (plain JOIN) or ","
                   // slots: left, right, condition? (ON expr or kUsing). flags: kNatural,
                   // kAsof, kPositional, kOuter (OUTER keyword written), kLateral
  kUsing,          // slots: kIdentifier*
  kPivot,          // slots: source, aggregates (UNPIVOT: value columns) kList, group kList?,
                   // alias?, kPivotOn*. flags: kUnpivot, kIncludeNulls
  kPivotOn,        // FOR col IN (values). slots: columns kList, values kList (expr/kAlias)
  kSample,         // USING SAMPLE / TABLESAMPLE. text: raw text
  // ---- statements
  kCreateTable,   // slots: kName, columns kList? (kColumnDef / kConstraint), query?.
                  // flags: kOrReplace, kIfNotExists, kTemporary
  kColumnDef,     // text: name. slots: kType?, constraints*. flags: kQuoted
  kConstraint,    // text: keyword form (NOT NULL, NULL, PRIMARY KEY, UNIQUE, DEFAULT, CHECK,
                  // REFERENCES, ...). slots: expr/kList?
  kCreateView,    // slots: kName, columns kList?, query. flags: kOrReplace, kIfNotExists,
                  // kTemporary, kMaterialized
  kCreateSchema,  // slots: kName. flags: kIfNotExists, kOrReplace
  kInsert,        // slots: kName, alias kTableAlias?, columns kList?, source?, on_conflict?,
                  // returning kList?, with?. flags: kOrReplace, kOrIgnore, kByName,
                  // kDefaultValues
  kOnConflict,    // slots: target kList?, action (kUpdateSet or nullptr = DO NOTHING), where?
  kDelete,        // slots: kTable, using?, where?, returning kList?, with?
  kUpdate,        // slots: kTable, kUpdateSet, from?, where?, returning kList?, with?
  kUpdateSet,     // slots: kAssign*
  kAssign,        // slots: column (kColumn or kRow), value
  kMerge,         // slots: target kTable, source, on, kMergeWhen*
  kMergeWhen,     // slots: condition?, action. flags: kNot (NOT MATCHED), kBySource, kByTarget
  kMergeAction,   // text: UPDATE/DELETE/INSERT/DO NOTHING. slots: for UPDATE kUpdateSet?, for
                  // INSERT columns kList?, values kList?. flags: kStarAction (UPDATE SET * /
                  // INSERT *), kByName, kDefaultValues
  kAlterTable,    // slots: kName, kAlterAction*. flags: kIfExists
  kAlterAction,   // text: ADD COLUMN/DROP COLUMN/ALTER COLUMN TYPE/ALTER COLUMN SET DEFAULT/
                  // ALTER COLUMN DROP DEFAULT/ALTER COLUMN SET NOT NULL/ALTER COLUMN DROP NOT
                  // NULL/RENAME COLUMN/RENAME TO. slots: per action (kColumnDef, kIdentifier,
                  // kType, expr). flags: kIfExists, kIfNotExists, kCascade
  kDrop,          // text: TABLE/VIEW/SCHEMA/... slots: kName*. flags: kIfExists, kCascade,
                  // kRestrict
  kOpaque,        // a statement kept verbatim. text: the source text
};

// The number of node kinds (for tables indexed by kind).
inline constexpr int kNodeKindCount = static_cast<int>(NodeKind::kOpaque) + 1;

// Slots of a kSelect node.
enum SelectSlot : int {
  kSelectWith,        // kWith?
  kSelectDistinctOn,  // kList? (DISTINCT ON exprs)
  kSelectItems,       // kList
  kSelectFrom,        // table expression?
  kSelectWhere,
  kSelectGroupBy,  // kGroupBy?
  kSelectHaving,
  kSelectWindows,  // kList of kNamedWindow?
  kSelectQualify,
  kSelectOrderBy,  // kList of kOrdered?
  kSelectLimit,    // kLimit?
  kSelectOffset,   // expr?
  kSelectSample,   // kSample?
  kSelectSlotCount,
};

// Flag bits; each kind documents which it uses. Several kinds reuse the same bit value.
namespace flag {
inline constexpr uint32_t kQuoted = 1u << 0;
inline constexpr uint32_t kNot = 1u << 1;
inline constexpr uint32_t kDistinct = 1u << 2;
inline constexpr uint32_t kAll = 1u << 3;
inline constexpr uint32_t kTry = 1u << 4;
inline constexpr uint32_t kShortCast = 1u << 5;
inline constexpr uint32_t kIgnoreNulls = 1u << 6;
inline constexpr uint32_t kRespectNulls = 1u << 7;
inline constexpr uint32_t kStarArg = 1u << 8;
inline constexpr uint32_t kArrow = 1u << 9;
inline constexpr uint32_t kDesc = 1u << 10;
inline constexpr uint32_t kAsc = 1u << 11;
inline constexpr uint32_t kNullsFirst = 1u << 12;
inline constexpr uint32_t kNullsLast = 1u << 13;
inline constexpr uint32_t kRecursive = 1u << 14;
inline constexpr uint32_t kMaterialized = 1u << 15;
inline constexpr uint32_t kNotMaterialized = 1u << 16;
inline constexpr uint32_t kByName = 1u << 17;
inline constexpr uint32_t kNatural = 1u << 18;
inline constexpr uint32_t kAsof = 1u << 19;
inline constexpr uint32_t kPositional = 1u << 20;
inline constexpr uint32_t kOuter = 1u << 21;
inline constexpr uint32_t kLateral = 1u << 22;
inline constexpr uint32_t kOrReplace = 1u << 23;
inline constexpr uint32_t kIfNotExists = 1u << 24;
inline constexpr uint32_t kIfExists = 1u << 25;
inline constexpr uint32_t kTemporary = 1u << 26;
inline constexpr uint32_t kCascade = 1u << 27;
inline constexpr uint32_t kFromFirst = 1u << 29;
inline constexpr uint32_t kArrayKeyword = 1u << 30;
// Aliases of the bits above for kinds where the name reads better.
inline constexpr uint32_t kDistinctFrom = kDistinct;
inline constexpr uint32_t kSymmetric = kAll;
inline constexpr uint32_t kRowKeyword = kArrayKeyword;
inline constexpr uint32_t kHasStep = kAll;
inline constexpr uint32_t kNamedOnly = kAll;
inline constexpr uint32_t kPercent = kDesc;
inline constexpr uint32_t kFetch = kAsc;
inline constexpr uint32_t kLimitAll = kAll;
inline constexpr uint32_t kUnpivot = kNot;
inline constexpr uint32_t kIncludeNulls = kAll;
inline constexpr uint32_t kOrIgnore = kIfNotExists;
inline constexpr uint32_t kDefaultValues = kDistinct;
inline constexpr uint32_t kBySource = kDesc;
inline constexpr uint32_t kByTarget = kAsc;
inline constexpr uint32_t kStarAction = kAll;
inline constexpr uint32_t kWithOrdinality = kAll;
inline constexpr uint32_t kRestrict = kNot;
inline constexpr uint32_t kExcludeCurrentRow = kDesc;
inline constexpr uint32_t kExcludeGroup = kAsc;
inline constexpr uint32_t kExcludeTies = kNullsFirst;
inline constexpr uint32_t kExcludeNoOthers = kNullsLast;
inline constexpr uint32_t kClause = kAll;
}  // namespace flag

// Literal sub-kinds, stored in Node::literal.
enum class LiteralKind : uint8_t {
  kNone,
  kInteger,
  kDecimal,    // any number with '.', exponent, underscores or hex prefix (text is the spelling)
  kString,     // '...', E'...', $$...$$ (text is the decoded value)
  kBitString,  // B'...' / X'...' (text is the whole spelling)
  kNull,
  kTrue,
  kFalse,
};

// One AST node. Plain data, trivially destructible; allocate with Arena::New.
struct Node {
  NodeKind kind = NodeKind::kList;
  LiteralKind literal = LiteralKind::kNone;
  uint32_t flags = 0;
  std::string_view text;  // owned by the arena or by the source text the arena keeps alive
  // Comments that preceded this node in the source, joined by '\n' ("-- x" or "/* x */"): the
  // parser puts them on select items, clauses and CTEs, and every other comment inside a
  // statement on the node where the text after it starts (Parser::AttachRemainingComments), so
  // the pretty form (`strata format`) can put them back. Not part of equality.
  std::string_view comments;
  Span span;
  Node** slots = nullptr;
  uint32_t slot_count = 0;

  bool Has(uint32_t bit) const { return (flags & bit) != 0; }
  // The child in slot `i`, nullptr when absent. REQUIRES: i < slot_count.
  Node* slot(size_t i) const { return slots[i]; }
  // The child in slot `i`, or nullptr when the node has fewer slots.
  Node* SlotOrNull(size_t i) const { return i < slot_count ? slots[i] : nullptr; }
  std::span<Node* const> children() const { return {slots, slot_count}; }
};

// A bump allocator owning nodes, slot arrays and strings. Not thread-safe; movable.
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  Arena(Arena&&) noexcept = default;
  Arena& operator=(Arena&&) noexcept = default;
  ~Arena() = default;

  // Returns `size` bytes aligned to 8; never fails (aborts on out-of-memory like new).
  void* Allocate(size_t size);
  // A new node of `kind` with `slot_count` nullptr slots.
  Node* New(NodeKind kind, size_t slot_count = 0, Span span = {});
  // A new node with the given children.
  Node* New(NodeKind kind, std::initializer_list<Node*> slots, Span span = {});
  Node* New(NodeKind kind, std::span<Node* const> slots, Span span = {});
  // Copies `text` into the arena.
  std::string_view Store(std::string_view text);
  // Total bytes handed out (for statistics).
  size_t bytes_used() const { return bytes_used_; }

 private:
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* cursor_ = nullptr;
  size_t remaining_ = 0;
  size_t bytes_used_ = 0;
};

// Returns the stable name of `kind`, e.g. "Select", used by Dump and error messages.
std::string_view NodeKindName(NodeKind kind);

// Deep structural equality: kind, literal kind, flags, text and children, ignoring spans and
// comments. Two nullptrs are equal.
bool Equal(const Node* a, const Node* b);

// Deep copy of `node` (and texts) into `arena`; nullptr for nullptr. Spans are kept.
Node* Clone(const Node* node, Arena* arena);

// An S-expression rendering for golden files and debugging, one node per line, indented:
//   (Select
//     (List (Column (Identifier "a"))))
std::string Dump(const Node* node);

}  // namespace strata::sql
