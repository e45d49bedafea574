// SQL front-end throughput over the TPC-DS corpus on one core: tokenize, parse, and
// parse + generate (the figure DESIGN.md P3 asks for: at least 50 MB/s).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "source_paths.h"
#include "sql/generator.h"
#include "sql/parser.h"

namespace {

namespace fs = std::filesystem;

// The TPC-DS queries, read once; empty when the corpus is absent.
const std::vector<std::string>& Corpus() {
  static const std::vector<std::string> corpus = [] {
    std::vector<std::string> queries;
    fs::path folder = fs::path(STRATA_SHARED_DIR) / "corpora" / "tpcds" / "queries";
    if (!fs::exists(folder)) {
      return queries;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder)) {
      files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::ifstream in(file);
      std::stringstream buffer;
      buffer << in.rdbuf();
      queries.push_back(buffer.str());
    }
    return queries;
  }();
  return corpus;
}

int64_t CorpusBytes() {
  int64_t bytes = 0;
  for (const std::string& query : Corpus()) {
    bytes += static_cast<int64_t>(query.size());
  }
  return bytes;
}

void BM_Tokenize(benchmark::State& state) {
  if (Corpus().empty()) {
    state.SkipWithError("TPC-DS corpus not found");
    return;
  }
  for (auto _ : state) {
    for (const std::string& query : Corpus()) {
      auto tokens = strata::sql::Tokenize(query);
      benchmark::DoNotOptimize(tokens);
    }
  }
  state.SetBytesProcessed(state.iterations() * CorpusBytes());
}
BENCHMARK(BM_Tokenize);

void BM_Parse(benchmark::State& state) {
  if (Corpus().empty()) {
    state.SkipWithError("TPC-DS corpus not found");
    return;
  }
  for (auto _ : state) {
    for (const std::string& query : Corpus()) {
      auto script = strata::sql::ParseScript(query);
      benchmark::DoNotOptimize(script);
    }
  }
  state.SetBytesProcessed(state.iterations() * CorpusBytes());
}
BENCHMARK(BM_Parse);

void BM_ParseAndGenerate(benchmark::State& state) {
  if (Corpus().empty()) {
    state.SkipWithError("TPC-DS corpus not found");
    return;
  }
  strata::sql::GenerateOptions options;
  options.pretty = state.range(0) != 0;
  for (auto _ : state) {
    for (const std::string& query : Corpus()) {
      auto script = strata::sql::ParseScript(query);
      auto text = strata::sql::GenerateScript(script->statements, options);
      benchmark::DoNotOptimize(text);
    }
  }
  state.SetBytesProcessed(state.iterations() * CorpusBytes());
  state.SetLabel(options.pretty ? "pretty" : "compact");
}
BENCHMARK(BM_ParseAndGenerate)->Arg(0)->Arg(1);

}  // namespace
