// Python's operators on values, as Jinja2 delegates them to Python: arithmetic with int/float
// promotion and floor semantics, ordering, membership, iteration, subscripts and slices. Errors
// are Python's TypeError/ValueError/ZeroDivisionError messages, without a location (the
// interpreter adds it). Undefined operands are the caller's business.
#pragma once

#include <optional>
#include <vector>

#include "base/result.h"
#include "jinja/ast.h"
#include "jinja/value.h"

namespace strata::jinja {

// a op b.
Result<Value> BinaryOperation(BinaryOp op, const Value& a, const Value& b);
// -a / +a.
Result<Value> Negate(const Value& a);
// a < b with Python's rules: numbers, strings, lists and tuples (lexicographic); else an error.
Result<bool> LessThan(const Value& a, const Value& b);
// Three-way comparison for sorting (-1, 0, 1), with LessThan's rules.
Result<int> Compare(const Value& a, const Value& b);
// `item in container`.
Result<bool> Contains(const Value& container, const Value& item);
// The items of an iterable: list/tuple items, dict keys, string characters, object items; an
// undefined value has none. Errors for other kinds ("'int' object is not iterable").
Result<std::vector<Value>> Iterate(const Value& value);
// obj[key] for lists, tuples, strings and dicts; nullopt when there is no such item (an index
// out of range, a missing key, a key of the wrong type).
std::optional<Value> Subscript(const Value& obj, const Value& key);
// obj[start:stop:step] for lists, tuples and strings (each bound null when omitted); nullopt
// when obj cannot be sliced or a bound is not an integer; an error for a zero step.
Result<std::optional<Value>> SliceValue(const Value& obj, const Value* start, const Value* stop,
                                        const Value* step);
// The length of a sized value (string in code points, containers), or nullopt.
std::optional<int64_t> Length(const Value& value);

}  // namespace strata::jinja
