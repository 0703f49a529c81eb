#include "private_libvirtd.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace {

const char* libvirtd = "/usr/sbin/libvirtd";

std::string read_all(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::string PrivateLibvirtd::unavailable() {
    if (geteuid() != 0) return "not root: the daemon is started as user nobody, in a UTS namespace";
    if (access(libvirtd, X_OK) != 0) return std::string(libvirtd) + " is missing (apt-get install libvirt-daemon)";
    if (!getpwnam("nobody")) return "no user nobody";
    return "";
}

PrivateLibvirtd::PrivateLibvirtd(const PrivateLibvirtdOptions& options) {
    const passwd* nobody = getpwnam("nobody");
    if (!nobody) throw std::runtime_error("no user nobody");
    std::string dir = dir_.path.string();
    std::filesystem::create_directories(dir_.path / "home");
    {
        std::ofstream conf(dir_ / "libvirtd.conf");
        conf << "listen_tcp = 0\nlisten_tls = 0\n"
             << "unix_sock_dir = \"" << dir << "\"\n"
             << "unix_sock_ro_perms = \"0777\"\nunix_sock_rw_perms = \"0777\"\nunix_sock_admin_perms = \"0700\"\n"
             << "auth_unix_ro = \"none\"\nauth_unix_rw = \"none\"\nlog_outputs = \"3:stderr\"\n";
        if (!options.host_uuid_source.empty()) conf << "host_uuid_source = \"" << options.host_uuid_source << "\"\n";
    }
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path))
        if (chown(entry.path().c_str(), nobody->pw_uid, nobody->pw_gid) != 0) throw std::runtime_error("chown failed");
    if (chown(dir.c_str(), nobody->pw_uid, nobody->pw_gid) != 0) throw std::runtime_error("chown failed");

    std::string home = dir + "/home", conf = dir + "/libvirtd.conf", log = dir + "/libvirtd.log";
    std::string env_home = "HOME=" + home, env_runtime = "XDG_RUNTIME_DIR=" + home,
                env_config = "XDG_CONFIG_HOME=" + home, env_cache = "XDG_CACHE_HOME=" + home;
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        // The child: only async-signal-safe calls until exec.
        int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int in = open("/dev/null", O_RDONLY);
        if (out < 0 || in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0) _exit(127);
        if (!options.hostname.empty() &&
            (unshare(CLONE_NEWUTS) != 0 || sethostname(options.hostname.c_str(), options.hostname.size()) != 0))
            _exit(126);
        if (setgroups(0, nullptr) != 0 || setgid(nobody->pw_gid) != 0 || setuid(nobody->pw_uid) != 0) _exit(125);
        char* argv[] = {const_cast<char*>(libvirtd), const_cast<char*>("-f"), conf.data(), nullptr};
        char* envp[] = {const_cast<char*>("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), env_home.data(), env_runtime.data(),
                        env_config.data(), env_cache.data(), nullptr};
        execve(libvirtd, argv, envp);
        _exit(124);
    }
    auto socket = dir_.path / "libvirt-sock";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!std::filesystem::exists(socket)) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("libvirtd exited (status " + std::to_string(status) + "): " + read_all(log));
        }
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("libvirtd made no socket in 20 s: " + read_all(log));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

PrivateLibvirtd::~PrivateLibvirtd() {
    if (pid_ <= 0) return;
    kill(pid_, SIGCONT);  // a test may have stopped it
    kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
        if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
}

std::string PrivateLibvirtd::qemu_uri() const {
    return "qemu+unix:///session?socket=" + (dir_ / "libvirt-sock");
}

SilentSocket::SilentSocket() : path_(dir_ / "silent-sock") {
    fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof address.sun_path - 1);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd_, 16) != 0)
        throw std::runtime_error("cannot listen on " + path_ + ": " + std::strerror(errno));
}

SilentSocket::~SilentSocket() {
    if (fd_ >= 0) close(fd_);
}
