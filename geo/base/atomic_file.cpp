#include "geo/base/atomic_file.hpp"

#include "geo/base/error.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <string>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

namespace oko::geo {

namespace fs = std::filesystem;

namespace {

std::atomic<uint64_t> g_counter{0};

std::string last_error() { return std::strerror(errno); }

// Syncs the folder so that the rename itself survives a crash (best effort: not every file
// system lets a folder be opened for that).
void sync_folder(const fs::path& folder) {
    const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

fs::path unique_temporary_path(const fs::path& target) {
    const auto folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const auto thread = std::hash<std::thread::id>{}(std::this_thread::get_id());
    return folder / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                     std::to_string(thread % 1'000'000'007) + "-" + std::to_string(g_counter.fetch_add(1)));
}

AtomicFile::AtomicFile(fs::path target) : m_target(std::move(target)) {
    // O_EXCL: should the name exist after all (a crashed writer's leftover with a reused pid),
    // take the next counter value rather than write into someone else's file.
    for (int attempt = 0; attempt < 100; ++attempt) {
        m_temporary = unique_temporary_path(m_target);
        const int fd = ::open(m_temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno == EEXIST) continue;
        if (fd < 0) throw Error("cannot write: " + last_error(), m_target.string());
        m_file = ::fdopen(fd, "wb");
        if (!m_file) {
            const std::string reason = last_error();
            ::close(fd);
            std::error_code ec;
            fs::remove(m_temporary, ec);
            throw Error("cannot write: " + reason, m_target.string());
        }
        return;
    }
    throw Error("cannot find a free temporary name beside the file", m_target.string());
}

AtomicFile::~AtomicFile() { discard(); }

void AtomicFile::write(std::string_view bytes) {
    if (!m_file || m_failed) return;
    if (std::fwrite(bytes.data(), 1, bytes.size(), m_file) != bytes.size()) m_failed = true;
}

bool AtomicFile::failed() const { return m_failed || !m_file || std::ferror(m_file); }

void AtomicFile::finish() {
    if (!m_file) throw Error("cannot write (the file was already closed)", m_target.string());
    bool ok = !failed() && std::fflush(m_file) == 0;
    ok = ok && ::fsync(::fileno(m_file)) == 0;
    const std::string reason = ok ? std::string() : last_error();
    ok = std::fclose(m_file) == 0 && ok;
    m_file = nullptr;
    if (!ok) {
        discard();
        throw Error("cannot write (disk full?)" + (reason.empty() ? std::string() : ": " + reason), m_target.string());
    }
}

void AtomicFile::rename_into_place() {
    std::error_code ec;
    fs::rename(m_temporary, m_target, ec);
    if (ec) {
        discard();
        throw Error("cannot rename the finished file into place: " + ec.message(), m_target.string());
    }
    m_done = true;
    sync_folder(m_target.parent_path());
}

void AtomicFile::commit() {
    finish();
    rename_into_place();
}

void AtomicFile::discard() {
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
    }
    if (!m_done) {
        std::error_code ec;
        fs::remove(m_temporary, ec);
        m_done = true;
    }
}

void commit_together(const std::vector<AtomicFile*>& files) {
    try {
        for (auto* f : files)
            f->finish();
    } catch (...) {
        for (auto* f : files)
            f->discard();
        throw;
    }
    for (auto* f : files)
        f->rename_into_place();
}

void write_file_atomically(const fs::path& path, std::string_view content) {
    AtomicFile out(path);
    out.write(content);
    out.commit();
}

} // namespace oko::geo
