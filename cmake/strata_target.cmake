# Helpers that give every strata target the same include root and warning flags.

set(STRATA_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Werror)

# strata_library(NAME SOURCES... DEPS ...): one static library per layer (DESIGN.md §1).
function(strata_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_compile_options(${name} PRIVATE ${STRATA_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# strata_test(NAME [ONE_PROCESS] SOURCES... DEPS ...): a GoogleTest binary registered with ctest,
# one ctest test per GoogleTest test; with ONE_PROCESS, the whole binary is one ctest test (for
# binaries whose tests share an expensive fixture, such as the PostgreSQL test server).
function(strata_test name)
  if(NOT STRATA_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "ONE_PROCESS" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${STRATA_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    STRATA_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    STRATA_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  if(ARG_ONE_PROCESS)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "STRATA_BINARY=$<TARGET_FILE:strata>")
  else()
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ENVIRONMENT
      "STRATA_BINARY=$<TARGET_FILE:strata>")
  endif()
endfunction()
