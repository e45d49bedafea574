// Starting and stopping the tests' PostgreSQL server: initdb and postgres run as child processes
// (as the `postgres` user when we are root), readiness is polled with PQpingParams, and the
// superuser's admin statements go through libpq over the unix socket.
#include "support/postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"

namespace strata::testing {
namespace {

namespace fs = std::filesystem;

bool HasServerBinaries(const fs::path& dir) {
  std::error_code ignored;
  return fs::exists(dir / "initdb", ignored) && fs::exists(dir / "postgres", ignored);
}

// The first line `command` prints, or "" when it cannot run.
std::string FirstLineOf(const std::string& command) {
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return "";
  }
  char buffer[4096];
  std::string line;
  if (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
    line = std::string(Trim(buffer));
  }
  pclose(pipe);
  return line;
}

Result<std::string> FindBinDir() {
  if (const char* env = std::getenv("STRATA_PG_BINDIR"); env != nullptr && *env != '\0') {
    if (!HasServerBinaries(env)) {
      return Status::NotFound(fmt::format("STRATA_PG_BINDIR={} has no initdb and postgres", env));
    }
    return std::string(env);
  }
  const std::string from_pg_config = FirstLineOf("pg_config --bindir 2>/dev/null");
  if (!from_pg_config.empty() && HasServerBinaries(from_pg_config)) {
    return from_pg_config;
  }
  // Debian installs each major version side by side; take the newest.
  std::error_code error;
  int best_version = -1;
  std::string best;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    const std::string name = entry.path().filename().string();
    const int version = std::atoi(name.c_str());
    if (version > best_version && HasServerBinaries(entry.path() / "bin")) {
      best_version = version;
      best = (entry.path() / "bin").string();
    }
  }
  if (best.empty()) {
    return Status::NotFound(
               "PostgreSQL server binaries not found (no initdb/postgres from STRATA_PG_BINDIR, "
               "pg_config --bindir or /usr/lib/postgresql/*/bin); PostgreSQL tests skipped")
        .WithHint("install Debian's `postgresql` package (make test does)");
  }
  return best;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Spawns `argv` as user `uid`/`gid` in `cwd` with stdout and stderr appended to `log`. With
// `die_with_parent`, the child gets SIGQUIT (PostgreSQL's immediate shutdown) when the calling
// thread ends. Returns the child's pid, or -1.
pid_t Spawn(const std::vector<std::string>& argv, uid_t uid, gid_t gid, const std::string& cwd,
            const std::string& log, bool die_with_parent) {
  std::vector<char*> args;
  for (const std::string& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid != 0) {
    return pid;
  }
  // The child: only async-signal-safe calls until exec.
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  const int null_fd = open("/dev/null", O_RDONLY);
  if (log_fd < 0 || null_fd < 0) {
    _exit(126);
  }
  dup2(null_fd, 0);
  dup2(log_fd, 1);
  dup2(log_fd, 2);
  if (geteuid() == 0 && uid != 0) {
    if (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0) {
      _exit(126);
    }
  }
  // After setuid: a change of credentials clears the parent death signal.
  if (die_with_parent && (prctl(PR_SET_PDEATHSIG, SIGQUIT) != 0 || getppid() != parent)) {
    _exit(126);
  }
  if (chdir(cwd.c_str()) != 0) {
    _exit(126);
  }
  execv(args[0], args.data());
  _exit(127);
}

// Waits for `pid`; returns its exit code (128 + signal when killed).
int WaitFor(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return -1;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

std::string RandomPassword() {
  std::random_device random;
  return fmt::format("pw-{:08x}{:08x}", random(), random());
}

struct SharedState {
  bool tried = false;
  Status error;
  std::unique_ptr<PostgresServer> server;
};

SharedState& TheSharedState() {
  // Destroyed at exit too, should the environment's TearDown not run.
  static SharedState state;
  return state;
}

}  // namespace

Result<PostgresServer*> PostgresServer::Shared() {
  SharedState& state = TheSharedState();
  if (!state.tried) {
    state.tried = true;
    Result<std::unique_ptr<PostgresServer>> started = Start();
    if (started.ok()) {
      state.server = std::move(started).value();
    } else {
      state.error = started.status();
    }
  }
  if (state.server == nullptr) {
    return state.error.ok() ? Status::Internal("the PostgreSQL server was stopped") : state.error;
  }
  return state.server.get();
}

void PostgresServer::StopShared() { TheSharedState().server.reset(); }

Result<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  STRATA_ASSIGN_OR_RETURN(std::string bindir, FindBinDir());
  std::unique_ptr<PostgresServer> server(new PostgresServer());
  STRATA_RETURN_IF_ERROR(server->Initialize(bindir));
  STRATA_RETURN_IF_ERROR(server->Launch(bindir));
  return server;
}

Status PostgresServer::Initialize(const std::string& bindir) {
  std::string tmpl = (fs::temp_directory_path() / "strata-pg-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    return Status::IoError("mkdtemp failed for the PostgreSQL test server");
  }
  dir_ = tmpl;
  uid_ = geteuid();
  gid_ = getegid();
  if (uid_ == 0) {
    // initdb refuses to run as root: the server runs as the package's system user.
    const passwd* pw = getpwnam("postgres");
    if (pw == nullptr) {
      return Status::NotFound("running as root, but there is no `postgres` user to run the server")
          .WithHint("install Debian's `postgresql` package, which creates it");
    }
    uid_ = pw->pw_uid;
    gid_ = pw->pw_gid;
    if (chown(dir_.c_str(), uid_, gid_) != 0) {
      return Status::IoError(fmt::format("cannot give {} to the postgres user", dir_));
    }
  }
  password_ = RandomPassword();
  const std::string password_file = dir_ + "/password";
  std::ofstream(password_file) << password_ << "\n";
  if (uid_ != geteuid() && chown(password_file.c_str(), uid_, gid_) != 0) {
    return Status::IoError("cannot give the password file to the postgres user");
  }
  const std::string log = dir_ + "/initdb.log";
  const pid_t pid = Spawn(
      {bindir + "/initdb", "-D", dir_ + "/data", "-U", user_, "--pwfile=" + password_file,
       "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"},
      uid_, gid_, dir_, log, /*die_with_parent=*/false);
  if (pid < 0) {
    return Status::IoError("fork failed for initdb");
  }
  if (const int code = WaitFor(pid); code != 0) {
    return Status::Internal(
        fmt::format("initdb exited with {}; its output:\n{}", code, ReadFile(log)));
  }
  return Status::OK();
}

Status PostgresServer::Launch(const std::string& bindir) {
  const std::string log = dir_ + "/server.log";
  // The port may be taken between FreePort and the server binding it: try a few.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = FreePort();
    if (port_ <= 0) {
      return Status::IoError("no free TCP port on 127.0.0.1");
    }
    pid_ = Spawn(
        {bindir + "/postgres", "-D", dir_ + "/data", "-p", std::to_string(port_), "-k", dir_, "-c",
         "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
         "full_page_writes=off", "-c", "max_connections=60", "-c", "log_min_messages=warning"},
        uid_, gid_, dir_, log, /*die_with_parent=*/true);
    if (pid_ < 0) {
      return Status::IoError("fork failed for postgres");
    }
    const std::string port = std::to_string(port_);
    const char* keywords[] = {"host", "port", "dbname", "connect_timeout", nullptr};
    const char* values[] = {host_.c_str(), port.c_str(), "postgres", "2", nullptr};
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;  // exited: most likely the port was taken; try another
      }
      if (PQpingParams(keywords, values, 0) == PQPING_OK) {
        return Status::OK();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (pid_ > 0) {
      Stop();
      return Status::Internal(
          fmt::format("the PostgreSQL test server did not start; its log:\n{}", ReadFile(log)));
    }
  }
  return Status::Internal(
      fmt::format("the PostgreSQL test server exited at start; its log:\n{}", ReadFile(log)));
}

void PostgresServer::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGQUIT);  // what `pg_ctl stop -m immediate` sends
    WaitFor(pid_);
    pid_ = -1;
  }
}

PostgresServer::~PostgresServer() {
  Stop();
  if (!dir_.empty()) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
}

engine::ConnectionConfig PostgresServer::Config(const std::string& database) const {
  engine::ConnectionConfig config;
  config.type = engine::EngineType::kPostgres;
  config.host = host_;
  config.port = port_;
  config.user = user_;
  config.password = password_;
  config.database = database;
  config.connect_timeout_seconds = 10;
  return config;
}

Status PostgresServer::Execute(const std::string& sql, const std::string& database) {
  const std::string port = std::to_string(port_);
  const char* keywords[] = {"host", "port", "user", "dbname", nullptr};
  const char* values[] = {dir_.c_str(), port.c_str(), user_.c_str(), database.c_str(), nullptr};
  PGconn* connection = PQconnectdbParams(keywords, values, 0);
  Status status;
  if (PQstatus(connection) != CONNECTION_OK) {
    status = Status::EngineError(
        fmt::format("cannot connect to the test server: {}", PQerrorMessage(connection)));
  } else {
    PQsetNoticeProcessor(
        connection, [](void*, const char*) {}, nullptr);
    PGresult* result = PQexec(connection, sql.c_str());
    const ExecStatusType code = PQresultStatus(result);
    if (code != PGRES_COMMAND_OK && code != PGRES_TUPLES_OK) {
      status = Status::EngineError(
          fmt::format("{}: {}", sql, std::string(Trim(PQresultErrorMessage(result)))));
    }
    PQclear(result);
  }
  PQfinish(connection);
  return status;
}

Result<std::string> PostgresServer::CreateDatabase() {
  const std::string name = fmt::format("strata_test_{}", ++databases_created_);
  // FILE_COPY is faster than the default WAL_LOG for a small template with fsync off.
  STRATA_RETURN_IF_ERROR(
      Execute(fmt::format("CREATE DATABASE {} STRATEGY FILE_COPY", QuoteSqlIdentifier(name))));
  return name;
}

}  // namespace strata::testing
