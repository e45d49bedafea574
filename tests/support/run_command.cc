// Child processes for end-to-end tests: fork/exec with three pipes drained by poll().
#include "support/run_command.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace strata::testing {

CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& cwd,
                         const std::string& input) {
  // Close-on-exec: a child that another thread starts meanwhile must not inherit these pipes, or
  // the reader here would wait for that child's end before it sees this one's end of output.
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 ||
      pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
      close(fd);
    }
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) {
      _exit(127);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) {
      args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);

  CommandResult result;
  size_t written = 0;
  int in_fd = in_pipe[1];
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  } else {
    fcntl(in_fd, F_SETFL, O_NONBLOCK);
  }
  int out_fd = out_pipe[0], err_fd = err_pipe[0];
  char buf[65536];
  while (out_fd >= 0 || err_fd >= 0) {
    pollfd fds[3];
    int n = 0;
    if (out_fd >= 0) {
      fds[n++] = {out_fd, POLLIN, 0};
    }
    if (err_fd >= 0) {
      fds[n++] = {err_fd, POLLIN, 0};
    }
    if (in_fd >= 0) {
      fds[n++] = {in_fd, POLLOUT, 0};
    }
    if (poll(fds, n, -1) < 0) {
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (fds[i].revents == 0) {
        continue;
      }
      if (fds[i].fd == in_fd) {
        ssize_t w = write(in_fd, input.data() + written, input.size() - written);
        if (w > 0) {
          written += static_cast<size_t>(w);
        }
        if (w < 0 || written == input.size()) {
          close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      ssize_t r = read(fds[i].fd, buf, sizeof buf);
      std::string& sink = fds[i].fd == out_fd ? result.out : result.err;
      if (r > 0) {
        sink.append(buf, static_cast<size_t>(r));
      } else {
        close(fds[i].fd);
        (fds[i].fd == out_fd ? out_fd : err_fd) = -1;
      }
    }
  }
  if (in_fd >= 0) {
    close(in_fd);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string StrataBinary() {
  const char* bin = std::getenv("STRATA_BINARY");
  if (bin == nullptr || *bin == '\0') {
    throw std::runtime_error("STRATA_BINARY is not set; run the tests through ctest");
  }
  return bin;
}

CommandResult RunStrata(const std::vector<std::string>& args, const std::string& cwd,
                        const std::string& input) {
  std::vector<std::string> argv{StrataBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, cwd, input);
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "strata-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace strata::testing
