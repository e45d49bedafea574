// Test helper: a project folder under the system temp folder, written file by file, removed at
// the end of the test.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace strata::project {

class TempProject {
 public:
  TempProject() {
    path_ = std::filesystem::temp_directory_path() /
            ("strata-project-test-" +
             std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempProject() { std::filesystem::remove_all(path_); }
  TempProject(const TempProject&) = delete;
  TempProject& operator=(const TempProject&) = delete;

  // Writes `text` to `relative` inside the project, creating folders.
  void Write(const std::string& relative, const std::string& text) {
    std::filesystem::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative, std::ios::binary) << text;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace strata::project
