// external_models.yaml and external_models/*.yaml: tables strata reads but does not build
// (kind EXTERNAL), with their column types, so queries over them can be checked and `*` expanded:
//   - name: raw.raw_orders
//     description: Orders as the shop exports them   # optional
//     gateway: local                                 # optional
//     columns:
//       order_id: INTEGER
//       total_amount: DECIMAL(10, 2)
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "project/model.h"
#include "project/yaml_file.h"

namespace strata::project {

// Reads the external models of one YAML file. Appends every problem (not a list, an entry that
// is not a mapping, unknown keys, a missing or bad name, a column type that does not parse) to
// `errors` and returns the entries that were valid.
std::vector<Model> ReadExternalModels(const YamlFile& file, std::vector<Status>* errors);

}  // namespace strata::project
