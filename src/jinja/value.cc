// The value model: construction, truthiness, type names, equality, hashing, the ordered dict.
#include "jinja/value.h"

#include <cmath>
#include <functional>

#include "jinja/value_format.h"

namespace strata::jinja {

namespace {

const UndefinedInfo& EmptyUndefinedInfo() {
  static const UndefinedInfo info;
  return info;
}

constexpr size_t kNoneHash = 0x9e3779b97f4a7c15ULL;

size_t HashString(std::string_view s) { return std::hash<std::string_view>()(s); }

size_t HashInt(int64_t i) { return std::hash<int64_t>()(i); }

size_t Mix(size_t seed, size_t h) {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

constexpr size_t kLinearLimit = 8;

}  // namespace

std::string UndefinedInfo::Message() const {
  if (!hint.empty()) {
    return hint;
  }
  if (owner.empty()) {
    return std::string("'") + name + "' is undefined";
  }
  if (is_item) {
    return std::string("'") + owner + "' has no element " + name;
  }
  return std::string("'") + owner + "' has no attribute '" + name + "'";
}

Value Value::Undefined(std::string name, std::string owner, bool is_item) {
  auto info = std::make_shared<UndefinedInfo>();
  info->name = std::move(name);
  info->owner = std::move(owner);
  info->is_item = is_item;
  return Value(Storage(std::in_place_index<0>, std::move(info)));
}

Value Value::UndefinedWithHint(std::string hint) {
  auto info = std::make_shared<UndefinedInfo>();
  info->hint = std::move(hint);
  return Value(Storage(std::in_place_index<0>, std::move(info)));
}

Value Value::List(std::vector<Value> items) {
  auto list = std::make_shared<ListData>();
  list->items = std::move(items);
  return Value(Storage(std::in_place_index<6>, std::move(list)));
}

Value Value::Tuple(std::vector<Value> items) {
  auto list = std::make_shared<ListData>();
  list->items = std::move(items);
  return Value(Storage(std::in_place_index<7>, std::move(list)));
}

Value Value::Dict() { return Value(Storage(std::in_place_index<8>, std::make_shared<DictData>())); }

const UndefinedInfo& Value::undefined_info() const {
  const auto& info = std::get<0>(storage_);
  return info ? *info : EmptyUndefinedInfo();
}

bool Value::Truthy() const {
  switch (kind()) {
    case Kind::kUndefined:
    case Kind::kNone:
      return false;
    case Kind::kBool:
      return as_bool();
    case Kind::kInt:
      return as_int() != 0;
    case Kind::kFloat:
      return as_double() != 0.0;
    case Kind::kString:
      return !as_string().empty();
    case Kind::kList:
    case Kind::kTuple:
      return !items().empty();
    case Kind::kDict:
      return !as_dict()->empty();
    case Kind::kObject:
      return true;
  }
  return false;
}

std::string Value::TypeName() const {
  switch (kind()) {
    case Kind::kUndefined:
      return "Undefined";
    case Kind::kNone:
      return "NoneType";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kFloat:
      return "float";
    case Kind::kString:
      return "str";
    case Kind::kList:
      switch (as_list()->flavor) {
        case Flavor::kRange:
          return "range";
        case Flavor::kDictKeys:
          return "dict_keys";
        case Flavor::kDictValues:
          return "dict_values";
        case Flavor::kDictItems:
          return "dict_items";
        case Flavor::kList:
          break;
      }
      return "list";
    case Kind::kTuple:
      return "tuple";
    case Kind::kDict:
      return "dict";
    case Kind::kObject:
      return as_object()->TypeName();
  }
  return "object";
}

std::string Value::ObjectTypeRepr() const {
  if (is_none()) {
    return "None";
  }
  return TypeName() + " object";
}

bool Equals(const Value& a, const Value& b) {
  using Kind = Value::Kind;
  if (a.is_number() && b.is_number()) {
    if (a.is_float() || b.is_float()) {
      return a.as_double() == b.as_double();
    }
    return a.as_int() == b.as_int();
  }
  if (a.kind() != b.kind()) {
    return false;
  }
  switch (a.kind()) {
    case Kind::kUndefined:
    case Kind::kNone:
      return true;
    case Kind::kString:
      return a.as_string() == b.as_string();
    case Kind::kList:
    case Kind::kTuple: {
      const auto& x = a.items();
      const auto& y = b.items();
      if (a.as_list() == b.as_list()) {
        return true;
      }
      if (x.size() != y.size()) {
        return false;
      }
      for (size_t i = 0; i < x.size(); ++i) {
        if (!Equals(x[i], y[i])) {
          return false;
        }
      }
      return true;
    }
    case Kind::kDict: {
      const DictData& x = *a.as_dict();
      const DictData& y = *b.as_dict();
      if (x.size() != y.size()) {
        return false;
      }
      for (const auto& [key, value] : x.entries()) {
        const Value* other = y.Find(key);
        if (other == nullptr || !Equals(value, *other)) {
          return false;
        }
      }
      return true;
    }
    case Kind::kObject:
      return a.as_object() == b.as_object();
    default:
      return false;
  }
}

Result<size_t> Hash(const Value& v) {
  using Kind = Value::Kind;
  switch (v.kind()) {
    case Kind::kNone:
    case Kind::kUndefined:
      return kNoneHash;
    case Kind::kBool:
    case Kind::kInt:
      return HashInt(v.as_int());
    case Kind::kFloat: {
      double d = v.as_double();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) {
        return HashInt(static_cast<int64_t>(d));
      }
      return std::hash<double>()(d);
    }
    case Kind::kString:
      return HashString(v.as_string());
    case Kind::kTuple: {
      size_t h = 0x345678;
      for (const Value& item : v.items()) {
        STRATA_ASSIGN_OR_RETURN(size_t item_hash, Hash(item));
        h = Mix(h, item_hash);
      }
      return h;
    }
    case Kind::kObject:
      return std::hash<const void*>()(v.as_object().get());
    case Kind::kList:
    case Kind::kDict:
      break;
  }
  return Status::InvalidArgument(std::string("unhashable type: '") + v.TypeName() + "'");
}

namespace {

bool Reaches(const Value& value, const void* target, int depth) {
  if (depth > 10000) {
    return true;  // treat absurd depth as a cycle rather than exhausting the stack
  }
  switch (value.kind()) {
    case Value::Kind::kList:
    case Value::Kind::kTuple:
      if (value.as_list().get() == target) {
        return true;
      }
      for (const Value& item : value.items()) {
        if (Reaches(item, target, depth + 1)) {
          return true;
        }
      }
      return false;
    case Value::Kind::kDict:
      if (value.as_dict().get() == target) {
        return true;
      }
      for (const auto& [k, v] : value.as_dict()->entries()) {
        if (Reaches(v, target, depth + 1)) {
          return true;
        }
      }
      return false;
    case Value::Kind::kObject: {
      const DictData* contents = value.as_object()->MutableContents();
      if (contents == nullptr) {
        return false;
      }
      if (static_cast<const void*>(contents) == target || value.as_object().get() == target) {
        return true;
      }
      for (const auto& [k, v] : contents->entries()) {
        if (Reaches(v, target, depth + 1)) {
          return true;
        }
      }
      return false;
    }
    default:
      return false;
  }
}

}  // namespace

Status CheckNoCycle(const void* container, const Value& item) {
  if (Reaches(item, container, 0)) {
    return Status::Unsupported(
        "a container cannot hold itself (Python allows it; strata's Jinja does not)");
  }
  return Status::OK();
}

const Value* DictData::Find(const Value& key) const {
  if (key.is_string()) {
    return FindString(key.as_string());
  }
  Result<size_t> hash = Hash(key);
  if (!hash.ok()) {
    return nullptr;
  }
  size_t index = IndexOf(key, *hash);
  return index < entries_.size() ? &entries_[index].second : nullptr;
}

const Value* DictData::FindString(std::string_view key) const {
  size_t hash = HashString(key);
  if (table_.empty()) {
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (hashes_[i] == hash && entries_[i].first.is_string() &&
          entries_[i].first.as_string() == key) {
        return &entries_[i].second;
      }
    }
    return nullptr;
  }
  size_t mask = table_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    uint32_t pos = table_[slot];
    if (pos == 0) {
      return nullptr;
    }
    const auto& entry = entries_[pos - 1];
    if (hashes_[pos - 1] == hash && entry.first.is_string() && entry.first.as_string() == key) {
      return &entry.second;
    }
  }
}

size_t DictData::IndexOf(const Value& key, size_t hash) const {
  if (table_.empty()) {
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (hashes_[i] == hash && Equals(entries_[i].first, key)) {
        return i;
      }
    }
    return entries_.size();
  }
  size_t mask = table_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    uint32_t pos = table_[slot];
    if (pos == 0) {
      return entries_.size();
    }
    if (hashes_[pos - 1] == hash && Equals(entries_[pos - 1].first, key)) {
      return pos - 1;
    }
  }
}

void DictData::Rebuild() {
  table_.clear();
  if (entries_.size() <= kLinearLimit) {
    return;
  }
  size_t capacity = 16;
  while (capacity < entries_.size() * 2) {
    capacity *= 2;
  }
  table_.assign(capacity, 0);
  size_t mask = capacity - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    size_t slot = hashes_[i] & mask;
    while (table_[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table_[slot] = static_cast<uint32_t>(i + 1);
  }
}

Status DictData::Set(Value key, Value value) {
  STRATA_ASSIGN_OR_RETURN(size_t hash, Hash(key));
  size_t index = IndexOf(key, hash);
  if (index < entries_.size()) {
    entries_[index].second = std::move(value);
    return Status::OK();
  }
  entries_.emplace_back(std::move(key), std::move(value));
  hashes_.push_back(hash);
  if (entries_.size() > kLinearLimit && (table_.empty() || entries_.size() * 2 > table_.size())) {
    Rebuild();
  } else if (!table_.empty()) {
    size_t mask = table_.size() - 1;
    size_t slot = hash & mask;
    while (table_[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table_[slot] = static_cast<uint32_t>(entries_.size());
  }
  return Status::OK();
}

void DictData::SetString(std::string key, Value value) {
  Status status = Set(Value::String(std::move(key)), std::move(value));
  (void)status;  // a string key is always hashable
}

std::optional<Value> DictData::Erase(const Value& key) {
  Result<size_t> hash = Hash(key);
  if (!hash.ok()) {
    return std::nullopt;
  }
  size_t index = IndexOf(key, *hash);
  if (index >= entries_.size()) {
    return std::nullopt;
  }
  Value removed = std::move(entries_[index].second);
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(index));
  hashes_.erase(hashes_.begin() + static_cast<std::ptrdiff_t>(index));
  Rebuild();
  return removed;
}

void DictData::Clear() {
  entries_.clear();
  hashes_.clear();
  table_.clear();
}

const Value* Arguments::Keyword(std::string_view name) const {
  for (const auto& [key, value] : keyword) {
    if (key == name) {
      return &value;
    }
  }
  return nullptr;
}

std::optional<Value> Object::GetAttribute(std::string_view) const { return std::nullopt; }

std::optional<Value> Object::GetItem(const Value&) const { return std::nullopt; }

Status Object::SetAttribute(std::string_view name, Value) {
  return Status::InvalidArgument(std::string("cannot set attribute '") + std::string(name) +
                                 "' of a " + TypeName() + " object");
}

Result<Value> Object::Call(CallContext&, Arguments&) {
  return Status::InvalidArgument(std::string("'") + TypeName() + "' object is not callable");
}

std::string Object::Repr() const { return std::string("<") + TypeName() + " object>"; }

}  // namespace strata::jinja
