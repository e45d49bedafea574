// generate_project: writes a synthetic strata project for benchmarks (load, plan, run).
//   generate_project OUT_DIR N [SEED]
// N models in layers (a layered DAG: each model reads one to three models of earlier layers, so
// there is fan-in, and popular models get many readers, so there is fan-out), a mix of kinds
// (FULL, VIEW, INCREMENTAL_BY_TIME_RANGE, INCREMENTAL_BY_UNIQUE_KEY, SCD_TYPE_2, EMBEDDED, SEED)
// with macros (@start_ds, @end_ds), nested model folders, external source tables in
// external_models.yaml, and a few seeds. Deterministic for a given N and SEED.
// STRATA_GENERATE_BASIC_KINDS=1 writes INCREMENTAL_BY_TIME_RANGE instead of
// INCREMENTAL_BY_UNIQUE_KEY and SCD_TYPE_2 (same DAG, same SQL), for builds of strata that cannot
// materialize those kinds yet; a no-op run or plan does the same work for every kind.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct ModelInfo {
  std::string name;
  int layer;
  bool embedded;
};

std::string Padded(int value, int width) {
  std::string text = std::to_string(value);
  return std::string(text.size() < static_cast<size_t>(width) ? width - text.size() : 0, '0') +
         text;
}

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: generate_project OUT_DIR N [SEED]\n");
    return 2;
  }
  const fs::path out = argv[1];
  const int n = std::atoi(argv[2]);
  const unsigned seed = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 42u;
  if (n <= 0) {
    std::fprintf(stderr, "N must be a positive number\n");
    return 2;
  }
  std::mt19937 random(seed);
  auto uniform = [&](int low, int high) {  // inclusive
    return std::uniform_int_distribution<int>(low, high)(random);
  };

  fs::remove_all(out);
  fs::create_directories(out / "models");
  WriteFile(out / "config.yaml",
            "gateways:\n  local:\n    connection:\n      type: duckdb\n      database: "
            "db.duckdb\ndefault_gateway: local\nmodel_defaults:\n  dialect: duckdb\n  start: "
            "'2024-01-01'\n");

  const int sources = n / 100 + 1;
  std::string externals;
  for (int s = 0; s < sources; ++s) {
    externals += "- name: raw.source_" + Padded(s, 4) +
                 "\n  columns:\n    id: BIGINT\n    ds: DATE\n    amount: DECIMAL(12, 2)\n"
                 "    category: TEXT\n    updated_at: TIMESTAMP\n";
  }
  WriteFile(out / "external_models.yaml", externals);

  // Layer sizes: about sqrt(N) layers, the first ones wider.
  int layers = 1;
  while (layers * layers < n) {
    ++layers;
  }
  layers = std::max(1, std::min(layers, 40));
  std::vector<ModelInfo> models;
  models.reserve(n);
  std::vector<std::vector<int>> by_layer(layers);
  for (int i = 0; i < n; ++i) {
    const int layer = static_cast<int>(static_cast<int64_t>(i) * layers / n);
    models.push_back({"layer_" + Padded(layer, 2) + ".model_" + Padded(i, 6), layer, false});
    by_layer[layer].push_back(i);
  }

  for (int i = 0; i < n; ++i) {
    ModelInfo& model = models[i];
    const int roll = uniform(0, 99);
    std::vector<std::string> parents;
    if (model.layer == 0) {
      parents.push_back("raw.source_" + Padded(uniform(0, sources - 1), 4));
    } else {
      const int count = uniform(1, 3);
      for (int p = 0; p < count; ++p) {
        // Mostly the previous layer, sometimes further back (long edges).
        const int layer = uniform(0, 3) == 0 ? uniform(0, model.layer - 1) : model.layer - 1;
        const auto& candidates = by_layer[layer];
        // Skew towards the first models of a layer: those get a large fan-out.
        const int pick = std::min(static_cast<int>(candidates.size()) - 1,
                                  static_cast<int>(std::pow(uniform(0, 999) / 1000.0, 2) *
                                                   static_cast<double>(candidates.size())));
        const std::string& name = models[candidates[pick]].name;
        if (std::find(parents.begin(), parents.end(), name) == parents.end()) {
          parents.push_back(name);
        }
      }
    }
    const std::string folder =
        "models/layer_" + Padded(model.layer, 2) + "/group_" + Padded(i % 10, 1);
    const fs::path file = out / folder / ("model_" + Padded(i, 6) + ".sql");
    std::string header = "MODEL (\n  name " + model.name + ",\n";
    if (model.layer > 0 && i % 500 == 7) {
      // A seed model.
      const std::string csv = "seed_" + Padded(i, 6) + ".csv";
      std::string rows = "id,ds,amount,category,updated_at\n";
      for (int r = 0; r < 20; ++r) {
        rows += std::to_string(r) + ",2024-01-" + Padded(1 + r % 28, 2) + "," +
                std::to_string(r * 3) + ".5,cat_" + std::to_string(r % 4) +
                ",2024-01-01 00:00:00\n";
      }
      WriteFile(out / "seeds" / csv, rows);
      const std::string relative = fs::path("../../../seeds/" + csv).string();
      WriteFile(file, header + "  kind SEED (path '" + relative + "')\n);\n");
      continue;
    }
    std::string kind;
    const char* basic = std::getenv("STRATA_GENERATE_BASIC_KINDS");
    const bool basic_kinds = basic != nullptr && std::string(basic) == "1";
    if (basic_kinds && roll >= 72 && roll < 92) {
      kind = "INCREMENTAL_BY_TIME_RANGE (\n    time_column ds,\n    batch_size 30\n  )";
    } else if (roll < 35) {
      kind = "FULL";
    } else if (roll < 60) {
      kind = "INCREMENTAL_BY_TIME_RANGE (\n    time_column ds,\n    batch_size 30\n  )";
    } else if (roll < 72) {
      kind = "VIEW";
    } else if (roll < 85) {
      kind = "INCREMENTAL_BY_UNIQUE_KEY (\n    unique_key (id, ds)\n  )";
    } else if (roll < 92) {
      kind = "SCD_TYPE_2 (\n    unique_key id\n  )";
    } else if (roll < 96 && model.layer > 0) {
      kind = "EMBEDDED";
      model.embedded = true;
    } else {
      kind = "FULL";
    }
    header += "  kind " + kind + ",\n";
    header += "  cron '" + std::string(roll % 10 == 0 ? "@hourly" : "@daily") + "',\n";
    header += "  owner 'team_" + std::to_string(i % 17) + "',\n";
    header += "  description 'Synthetic model " + std::to_string(i) + "',\n";
    header += "  grain (id, ds),\n";
    header += "  audits (not_null(columns := (id, ds)))\n);\n\n";

    std::string query = "WITH base AS (\n  SELECT\n    p0.id,\n    p0.ds,\n    p0.amount";
    for (size_t p = 1; p < parents.size(); ++p) {
      query += " + COALESCE(p" + std::to_string(p) + ".amount, 0)";
    }
    query += " AS amount,\n    p0.category,\n    p0.updated_at\n  FROM " + parents[0] + " AS p0\n";
    for (size_t p = 1; p < parents.size(); ++p) {
      const std::string alias = "p" + std::to_string(p);
      query += "  LEFT JOIN " + parents[p] + " AS " + alias + "\n    ON p0.id = " + alias +
               ".id AND p0.ds = " + alias + ".ds\n";
    }
    if (kind.rfind("INCREMENTAL_BY_TIME_RANGE", 0) == 0) {
      query += "  WHERE p0.ds BETWEEN @start_ds AND @end_ds\n";
    }
    query +=
        ")\nSELECT\n  id,\n  ds,\n  SUM(amount) AS amount,\n  MAX(category) AS category,\n"
        "  MAX(updated_at) AS updated_at\nFROM base\nGROUP BY\n  id,\n  ds\n";
    WriteFile(file, header + query);
  }
  std::printf("wrote %d models (%d layers, %d sources) to %s\n", n, layers, sources,
              out.string().c_str());
  return 0;
}
