# Helpers that give every strata target the same include root and warning flags.

set(STRATA_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Werror)

# source_paths.h (STRATA_SOURCE_DIR, STRATA_SHARED_DIR) for tests and benchmarks.
set(STRATA_GENERATED_DIR "${PROJECT_BINARY_DIR}/generated")
configure_file("${CMAKE_CURRENT_LIST_DIR}/source_paths.h.in" "${STRATA_GENERATED_DIR}/source_paths.h"
               @ONLY)

# strata_library(NAME SOURCES... DEPS ...): one static library per layer (DESIGN.md §1).
function(strata_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_compile_options(${name} PRIVATE ${STRATA_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# strata_test(NAME [ONE_PROCESS] [SHARDS FILTER...] SOURCES... DEPS ...): a GoogleTest binary
# registered with ctest, one ctest test per GoogleTest test; with ONE_PROCESS, the whole binary is
# one ctest test (for binaries whose tests share an expensive fixture, such as the PostgreSQL test
# server), or one per SHARDS GoogleTest filter (NAME.1, NAME.2, …: they run in parallel, each with
# its own fixture; the filters together must cover every test). ONE_PROCESS tests are long, so they
# get a high COST: ctest starts them first instead of leaving one running alone at the end.
function(strata_test name)
  if(NOT STRATA_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "ONE_PROCESS" "" "SHARDS;SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${STRATA_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_include_directories(${name} PRIVATE "${STRATA_GENERATED_DIR}")
  if(ARG_ONE_PROCESS AND ARG_SHARDS)
    set(shard 0)
    foreach(filter IN LISTS ARG_SHARDS)
      math(EXPR shard "${shard} + 1")
      add_test(NAME ${name}.${shard} COMMAND ${name} --gtest_filter=${filter})
      set_tests_properties(${name}.${shard} PROPERTIES
        ENVIRONMENT "STRATA_BINARY=$<TARGET_FILE:strata>" COST 1000)
    endforeach()
  elseif(ARG_ONE_PROCESS)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
      ENVIRONMENT "STRATA_BINARY=$<TARGET_FILE:strata>" COST 1000)
  else()
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT
      "STRATA_BINARY=$<TARGET_FILE:strata>")
  endif()
endfunction()
