// The values a Jinja template computes with: Python's none, bool, int, float, str, list, tuple
// and dict (insertion-ordered), plus Jinja's undefined and objects with attributes or calls
// (macros, host functions, namespaces, the loop variable). Lists and dicts are shared by
// reference and mutable, as in Python: `{% do xs.append(1) %}` is seen by every holder of `xs`.
// Tuples are immutable. Values are not thread-safe: a value belongs to one render at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/result.h"

namespace strata::jinja {

class Value;
class Object;
class CallContext;
struct Arguments;

// How Python prints a list-like value: Jinja exposes Python's range and dict views, which print
// differently from lists (`range(0, 3)`, `dict_keys(['a'])`).
enum class Flavor : uint8_t { kList, kRange, kDictKeys, kDictValues, kDictItems };

struct ListData {
  std::vector<Value> items;
  Flavor flavor = Flavor::kList;
  int64_t range_start = 0, range_stop = 0, range_step = 1;  // kRange only
};

// Why a value is undefined, for the error raised when it is used: "'x' is undefined", or
// "'dict object' has no attribute 'x'" when `owner` names the object that lacked it.
struct UndefinedInfo {
  std::string name;
  std::string owner;     // empty: a missing variable
  bool is_item = false;  // the owner has no element (subscript) rather than no attribute
  std::string hint;      // replaces the message when set
  std::string Message() const;
};

class DictData;
using ListPtr = std::shared_ptr<ListData>;
using DictPtr = std::shared_ptr<DictData>;
using ObjectPtr = std::shared_ptr<Object>;

class Value {
 public:
  enum class Kind : uint8_t {
    kUndefined,
    kNone,
    kBool,
    kInt,
    kFloat,
    kString,
    kList,
    kTuple,
    kDict,
    kObject,
  };

  // An undefined value without a name.
  Value() = default;
  static Value Undefined(std::string name, std::string owner = "", bool is_item = false);
  static Value UndefinedWithHint(std::string hint);
  static Value None() { return Value(Storage(std::in_place_index<1>)); }
  static Value Bool(bool b) { return Value(Storage(std::in_place_index<2>, b)); }
  static Value Int(int64_t i) { return Value(Storage(std::in_place_index<3>, i)); }
  static Value Float(double d) { return Value(Storage(std::in_place_index<4>, d)); }
  static Value String(std::string s) {
    return Value(Storage(std::in_place_index<5>, std::move(s)));
  }
  static Value List(std::vector<Value> items = {});
  static Value ListOf(ListPtr list) {
    return Value(Storage(std::in_place_index<6>, std::move(list)));
  }
  static Value Tuple(std::vector<Value> items = {});
  static Value Dict();
  static Value DictOf(DictPtr dict) {
    return Value(Storage(std::in_place_index<8>, std::move(dict)));
  }
  static Value FromObject(ObjectPtr object) {
    return Value(Storage(std::in_place_index<9>, std::move(object)));
  }

  Kind kind() const { return static_cast<Kind>(storage_.index()); }
  bool is_undefined() const { return kind() == Kind::kUndefined; }
  bool is_none() const { return kind() == Kind::kNone; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_int() const { return kind() == Kind::kInt; }
  bool is_float() const { return kind() == Kind::kFloat; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_list() const { return kind() == Kind::kList; }
  bool is_tuple() const { return kind() == Kind::kTuple; }
  bool is_dict() const { return kind() == Kind::kDict; }
  bool is_object() const { return kind() == Kind::kObject; }
  // int or bool (Python's bool is an int)
  bool is_integral() const { return is_int() || is_bool(); }
  // int, bool or float
  bool is_number() const { return is_integral() || is_float(); }
  // list or tuple
  bool is_sequence() const { return is_list() || is_tuple(); }

  // REQUIRES: the matching kind.
  bool as_bool() const { return std::get<2>(storage_); }
  int64_t as_int() const { return is_bool() ? (as_bool() ? 1 : 0) : std::get<3>(storage_); }
  // An int, bool or float as a double.
  double as_double() const {
    return is_float() ? std::get<4>(storage_) : static_cast<double>(as_int());
  }
  const std::string& as_string() const { return std::get<5>(storage_); }
  // The items of a list or tuple.
  const ListPtr& as_list() const {
    return storage_.index() == 6 ? std::get<6>(storage_) : std::get<7>(storage_);
  }
  const std::vector<Value>& items() const { return as_list()->items; }
  const DictPtr& as_dict() const { return std::get<8>(storage_); }
  const ObjectPtr& as_object() const { return std::get<9>(storage_); }
  // The reason a value is undefined; REQUIRES: is_undefined(). Never null.
  const UndefinedInfo& undefined_info() const;

  // Python's truth value: false for None, False, 0, 0.0, "", empty containers and undefined.
  bool Truthy() const;
  // Python's type name: "int", "str", "list", "dict", "NoneType", …; objects name themselves.
  std::string TypeName() const;
  // How Jinja names the type in "… has no attribute" messages: "dict object", "None".
  std::string ObjectTypeRepr() const;

 private:
  using Storage = std::variant<std::shared_ptr<const UndefinedInfo>, std::monostate, bool, int64_t,
                               double, std::string, ListPtr, ListPtr, DictPtr, ObjectPtr>;
  explicit Value(Storage storage) : storage_(std::move(storage)) {}
  Storage storage_;
};

// Python's ==: 1 == 1.0 == True, lists and tuples never equal each other, dicts compare by
// content regardless of order, undefined equals only undefined.
bool Equals(const Value& a, const Value& b);
// Python's hash, consistent with Equals; an error for unhashable values (list, dict).
Result<size_t> Hash(const Value& v);
// OK unless putting `item` into `container` (a list, dict or namespace) would make the container
// hold itself. Python allows such cycles; strata's values are reference-counted, so a mutation
// that would create one is an error.
Status CheckNoCycle(const void* container, const Value& item);

// A dict in insertion order with hashed lookup. Keys are hashable values (str, int, float,
// bool, None, tuple).
class DictData {
 public:
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const std::vector<std::pair<Value, Value>>& entries() const { return entries_; }

  // The value under `key`, or nullptr. A string key needs no hashing of a Value.
  const Value* Find(const Value& key) const;
  const Value* FindString(std::string_view key) const;
  // Inserts or replaces; keeps the position of an existing key. Fails for an unhashable key.
  Status Set(Value key, Value value);
  void SetString(std::string key, Value value);
  // Removes `key`; returns the removed value, or nullopt when absent.
  std::optional<Value> Erase(const Value& key);
  void Clear();

 private:
  size_t IndexOf(const Value& key, size_t hash) const;  // entries_.size() when absent
  void Rebuild();
  std::vector<std::pair<Value, Value>> entries_;
  std::vector<size_t> hashes_;
  // Open-addressing table of positions+1 into entries_ (0: empty), built once the dict has more
  // than a few entries; small dicts are searched linearly.
  std::vector<uint32_t> table_;
};

// Arguments of a call: positional, then keyword in the order written.
struct Arguments {
  std::vector<Value> positional;
  std::vector<std::pair<std::string, Value>> keyword;

  // The keyword argument `name`, or nullptr.
  const Value* Keyword(std::string_view name) const;
};

// Anything with attributes or a call: macros, host functions, bound methods, namespaces, the
// loop variable, imported template modules, host objects (such as dbt's `this`).
class Object {
 public:
  virtual ~Object() = default;
  // The Python type name, used in messages ("macro", "Namespace", "function").
  virtual std::string TypeName() const = 0;
  // The attribute `name`, or nullopt when there is none (the caller makes an undefined).
  virtual std::optional<Value> GetAttribute(std::string_view name) const;
  // `obj[key]`; nullopt when the object has no such item.
  virtual std::optional<Value> GetItem(const Value& key) const;
  // `obj.name = value` (only namespaces allow it).
  virtual Status SetAttribute(std::string_view name, Value value);
  virtual bool IsCallable() const { return false; }
  // Whether `is mapping` holds (an object that acts as a Python Mapping).
  virtual bool IsMapping() const { return false; }
  // Calls the object. REQUIRES: IsCallable().
  virtual Result<Value> Call(CallContext& context, Arguments& args);
  // str() and repr().
  virtual std::string Str() const { return Repr(); }
  virtual std::string Repr() const;
  // `self op other` (`other op self` when `self_on_right`) for op '+' or '-', for objects that
  // define it (a host's dates); nullopt: not defined (the caller reports a type error).
  virtual std::optional<Result<Value>> Arithmetic(char op, const Value& other,
                                                  bool self_on_right) const {
    (void)op;
    (void)other;
    (void)self_on_right;
    return std::nullopt;
  }
  // The order of `self` against `other` (<0, 0, >0) for objects that define one; else nullopt.
  virtual std::optional<int> CompareTo(const Value& other) const {
    (void)other;
    return std::nullopt;
  }
  // The items when the object is iterable (a template module is not), else nullopt.
  virtual std::optional<std::vector<Value>> Iterate() const { return std::nullopt; }
  // The values the object holds that a template can change (a namespace's attributes), for
  // CheckNoCycle; nullptr for objects that hold none.
  virtual const DictData* MutableContents() const { return nullptr; }
};

}  // namespace strata::jinja
