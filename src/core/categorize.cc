// Automatic categorization: compares the previous and the new query's ASTs.
#include "core/categorize.h"

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.h"
#include "core/fingerprint.h"
#include "core/payload_model.h"

namespace strata {

namespace {

constexpr std::array<std::string_view, 46> kAggregates = {"any_value",
                                                          "approx_count_distinct",
                                                          "approx_quantile",
                                                          "arg_max",
                                                          "arg_min",
                                                          "argmax",
                                                          "argmin",
                                                          "array_agg",
                                                          "avg",
                                                          "bit_and",
                                                          "bit_or",
                                                          "bit_xor",
                                                          "bool_and",
                                                          "bool_or",
                                                          "corr",
                                                          "count",
                                                          "count_if",
                                                          "covar_pop",
                                                          "covar_samp",
                                                          "entropy",
                                                          "every",
                                                          "favg",
                                                          "first",
                                                          "fsum",
                                                          "group_concat",
                                                          "histogram",
                                                          "json_agg",
                                                          "json_object_agg",
                                                          "jsonb_agg",
                                                          "kurtosis",
                                                          "last",
                                                          "list",
                                                          "listagg",
                                                          "max",
                                                          "median",
                                                          "min",
                                                          "mode",
                                                          "percentile_cont",
                                                          "percentile_disc",
                                                          "product",
                                                          "quantile",
                                                          "skewness",
                                                          "stddev",
                                                          "string_agg",
                                                          "sum",
                                                          "variance"};

constexpr std::array<std::string_view, 12> kSetReturning = {"generate_series",
                                                            "generate_subscripts",
                                                            "json_array_elements",
                                                            "json_each",
                                                            "jsonb_array_elements",
                                                            "jsonb_each",
                                                            "range",
                                                            "regexp_split_to_table",
                                                            "string_to_table",
                                                            "unnest",
                                                            "json_tree",
                                                            "read_csv"};

std::string FunctionName(const sql::Node* node) {
  std::string name = ToLower(node->text);
  const size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

bool IsAggregateName(const std::string& name) {
  return std::find(kAggregates.begin(), kAggregates.end(), name) != kAggregates.end() ||
         name.starts_with("stddev") || name.starts_with("var_") || name.starts_with("regr_") ||
         name.starts_with("quantile");
}

// Whether `node` (not descending into subqueries) calls an aggregate outside a window.
bool HasAggregate(const sql::Node* node) {
  if (node == nullptr) {
    return false;
  }
  switch (node->kind) {
    case sql::NodeKind::kSubquery:
    case sql::NodeKind::kExists:
    case sql::NodeKind::kArraySubquery:
      return false;
    case sql::NodeKind::kFunction:
      if (node->SlotOrNull(3) == nullptr && IsAggregateName(FunctionName(node))) {
        return true;
      }
      break;
    default:
      break;
  }
  for (const sql::Node* child : node->children()) {
    if (HasAggregate(child)) {
      return true;
    }
  }
  return false;
}

bool HasSetReturning(const sql::Node* node) {
  if (node == nullptr) {
    return false;
  }
  if (node->kind == sql::NodeKind::kFunction || node->kind == sql::NodeKind::kTableFunction) {
    if (node->kind == sql::NodeKind::kFunction &&
        std::find(kSetReturning.begin(), kSetReturning.end(), FunctionName(node)) !=
            kSetReturning.end()) {
      return true;
    }
  }
  for (const sql::Node* child : node->children()) {
    if (HasSetReturning(child)) {
      return true;
    }
  }
  return false;
}

// The output name of a select item: its alias, or a column's last part; empty when unnamed.
std::string OutputName(const sql::Node* item) {
  if (item->kind == sql::NodeKind::kAlias) {
    return ToLower(item->text);
  }
  if (item->kind == sql::NodeKind::kColumn && item->slot_count > 0) {
    return ToLower(item->slot(item->slot_count - 1)->text);
  }
  return "";
}

// Whether `node` mentions an unqualified column called `name` (subqueries included: a
// correlated reference may resolve to the new alias too).
bool MentionsColumn(const sql::Node* node, const std::string& name) {
  if (node == nullptr) {
    return false;
  }
  if (node->kind == sql::NodeKind::kColumn && node->slot_count == 1 &&
      ToLower(node->slot(0)->text) == name) {
    return true;
  }
  for (const sql::Node* child : node->children()) {
    if (MentionsColumn(child, name)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool OnlyAddsProjections(const sql::Node* before, const sql::Node* after) {
  if (before == nullptr || after == nullptr || before->kind != sql::NodeKind::kSelect ||
      after->kind != sql::NodeKind::kSelect || before->flags != after->flags ||
      before->slot_count != after->slot_count || before->Has(sql::flag::kDistinct)) {
    return false;
  }
  for (uint32_t slot = 0; slot < before->slot_count; ++slot) {
    if (slot != sql::kSelectItems && !sql::Equal(before->slot(slot), after->slot(slot))) {
      return false;
    }
  }
  if (before->slot(sql::kSelectDistinctOn) != nullptr) {
    return false;
  }
  const sql::Node* group_by = before->slot(sql::kSelectGroupBy);
  if (group_by != nullptr && group_by->Has(sql::flag::kAll)) {
    return false;
  }
  const sql::Node* old_items = before->slot(sql::kSelectItems);
  const sql::Node* new_items = after->slot(sql::kSelectItems);
  if (old_items == nullptr || new_items == nullptr ||
      new_items->slot_count <= old_items->slot_count) {
    return false;
  }
  // The old items must appear in order among the new ones; the rest are the added items.
  std::vector<const sql::Node*> added;
  uint32_t next_old = 0;
  for (const sql::Node* item : new_items->children()) {
    if (next_old < old_items->slot_count && sql::Equal(old_items->slot(next_old), item)) {
      ++next_old;
    } else {
      added.push_back(item);
    }
  }
  if (next_old != old_items->slot_count) {
    return false;
  }
  bool aggregating = group_by != nullptr || before->slot(sql::kSelectHaving) != nullptr;
  std::vector<std::string> old_names;
  for (const sql::Node* item : old_items->children()) {
    aggregating = aggregating || HasAggregate(item);
    old_names.push_back(OutputName(item));
  }
  for (const sql::Node* item : added) {
    const sql::Node* expression = item->kind == sql::NodeKind::kAlias ? item->slot(0) : item;
    if (expression->kind == sql::NodeKind::kStar || expression->kind == sql::NodeKind::kColumns ||
        HasSetReturning(expression) || (!aggregating && HasAggregate(expression))) {
      return false;
    }
    const std::string name = OutputName(item);
    if (name.empty()) {
      continue;
    }
    if (std::find(old_names.begin(), old_names.end(), name) != old_names.end()) {
      return false;
    }
    for (uint32_t slot = 0; slot < after->slot_count; ++slot) {
      if (slot != sql::kSelectItems && MentionsColumn(after->slot(slot), name)) {
        return false;
      }
    }
    for (const sql::Node* other : new_items->children()) {
      if (other != item && MentionsColumn(other, name)) {
        return false;
      }
    }
  }
  return true;
}

std::optional<ChangeCategory> AutoCategorize(const project::Project& project,
                                             const project::Model& model, const Snapshot& previous,
                                             int64_t execution_time) {
  if (model.query == nullptr ||
      previous.payload.kind != project::ModelKindNameText(model.kind.name)) {
    return std::nullopt;
  }
  auto arena = std::make_shared<sql::Arena>();
  Result<project::Model> old_model =
      ModelFromPayload(previous, project.root, execution_time, arena);
  if (!old_model.ok() || old_model->query == nullptr) {
    return std::nullopt;
  }
  // Everything that goes into the data hash but the query must be unchanged: hash the new
  // definition with the old query and compare with the old hash.
  project::Model hybrid = model;
  hybrid.query = old_model->query;
  Result<ModelHashes> hashes = HashModel(project, hybrid);
  if (!hashes.ok() || hashes->data.ToHex() != previous.payload.data_hash) {
    return std::nullopt;
  }
  if (!OnlyAddsProjections(old_model->query, model.query)) {
    return std::nullopt;
  }
  return ChangeCategory::kNonBreaking;
}

}  // namespace strata
