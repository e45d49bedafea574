# Third-party dependencies: Debian packages found through their CMake configs, and DuckDB from
# DUCKDB_ROOT (scripts/install-deps puts the pinned 1.4.4 build in .deps/).
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(CLI11 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(tl-expected REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
find_package(PostgreSQL REQUIRED)
if(STRATA_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(STRATA_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

find_path(DUCKDB_INCLUDE_DIR duckdb.h PATHS "${DUCKDB_ROOT}/include" "${DUCKDB_ROOT}" NO_DEFAULT_PATH)
find_library(DUCKDB_LIBRARY duckdb PATHS "${DUCKDB_ROOT}/lib" "${DUCKDB_ROOT}" NO_DEFAULT_PATH)
if(NOT DUCKDB_INCLUDE_DIR OR NOT DUCKDB_LIBRARY)
  message(FATAL_ERROR "DuckDB not found in DUCKDB_ROOT=${DUCKDB_ROOT}. Run scripts/install-deps, "
                      "or point -DDUCKDB_ROOT at a DuckDB release (duckdb.h and libduckdb.so).")
endif()
get_filename_component(DUCKDB_LIBRARY_DIR "${DUCKDB_LIBRARY}" DIRECTORY)
add_library(duckdb SHARED IMPORTED GLOBAL)
set_target_properties(duckdb PROPERTIES IMPORTED_LOCATION "${DUCKDB_LIBRARY}"
                                        INTERFACE_INCLUDE_DIRECTORIES "${DUCKDB_INCLUDE_DIR}")
