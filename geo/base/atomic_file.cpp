#include "geo/base/atomic_file.hpp"

#include "geo/base/error.hpp"

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <thread>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
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

fs::path folder_of(const fs::path& target) { return target.has_parent_path() ? target.parent_path() : fs::path("."); }

// "123" -> 123; nothing unless the text is all digits.
std::optional<unsigned long long> parse_digits(std::string_view text) {
    unsigned long long value = 0;
    if (text.empty()) return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// Whether process `pid` runs (or may: one of another user's answers EPERM).
bool process_runs(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

} // namespace

std::optional<pid_t> temporary_owner(const fs::path& target, std::string_view name) {
    const std::string prefix = "." + target.filename().string() + ".tmp-";
    if (target.filename().empty() || !name.starts_with(prefix)) return std::nullopt;
    name.remove_prefix(prefix.size());
    for (std::string_view sqlite_suffix : {"-journal", "-wal", "-shm"})
        if (name.ends_with(sqlite_suffix)) {
            name.remove_suffix(sqlite_suffix.size());
            break;
        }
    // "<pid>-<thread>-<counter>", three numbers.
    const size_t first = name.find('-');
    const size_t second = first == std::string_view::npos ? first : name.find('-', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    const auto pid = parse_digits(name.substr(0, first));
    if (!pid || *pid == 0 || *pid > static_cast<unsigned long long>(std::numeric_limits<pid_t>::max()) ||
        !parse_digits(name.substr(first + 1, second - first - 1)) || !parse_digits(name.substr(second + 1)))
        return std::nullopt;
    return static_cast<pid_t>(*pid);
}

size_t remove_stale_temporaries(const fs::path& target) {
    const fs::path folder = folder_of(target);
    DIR* dir = ::opendir(folder.c_str());
    if (!dir) return 0;
    std::vector<std::string> stale;
    const pid_t self = ::getpid();
    while (const dirent* entry = ::readdir(dir)) {
        const auto owner = temporary_owner(target, entry->d_name);
        if (owner && *owner != self && !process_runs(*owner)) stale.emplace_back(entry->d_name);
    }
    ::closedir(dir);
    size_t removed = 0;
    for (const auto& name : stale)
        if (::unlink((folder / name).c_str()) == 0) ++removed;
    return removed;
}

bool rename_no_replace(const fs::path& from, const fs::path& to) {
    // The data first: a new name over unsynced data can survive a power cut as an empty file.
    const int fd = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("cannot put the finished file in place: " + last_error(), to.string());
    const bool synced = ::fsync(fd) == 0;
    const std::string sync_error = synced ? std::string() : last_error();
    ::close(fd);
    if (!synced) throw Error("cannot write (disk full?): " + sync_error, to.string());
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
        sync_folder(folder_of(to));
        return true;
    }
    if (errno == EEXIST) return false;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        throw Error("cannot put the finished file in place: " + last_error(), to.string());
    // A file system without RENAME_NOREPLACE: link() will not replace an existing name either.
    if (::link(from.c_str(), to.c_str()) != 0) {
        if (errno == EEXIST) return false;
        throw Error("cannot put the finished file in place: " + last_error(), to.string());
    }
    ::unlink(from.c_str());
    sync_folder(folder_of(to));
    return true;
}

std::string naming_target(std::string message, const fs::path& temporary, const fs::path& target) {
    replace_all(message, temporary.string(), target.string());
    // Messages that name the file by its name alone, or SQLite's journal of it.
    replace_all(message, temporary.filename().string(), target.filename().string());
    return message;
}

Error naming_target(const Error& error, const fs::path& temporary, const fs::path& target) {
    return Error(naming_target(error.reason(), temporary, target), naming_target(error.file(), temporary, target),
                 error.line(), error.field());
}

fs::path unique_temporary_path(const fs::path& target) {
    const auto folder = folder_of(target);
    const auto thread = std::hash<std::thread::id>{}(std::this_thread::get_id());
    return folder / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                     std::to_string(thread % 1'000'000'007) + "-" + std::to_string(g_counter.fetch_add(1)));
}

AtomicFile::AtomicFile(fs::path target) : m_target(std::move(target)) {
    remove_stale_temporaries(m_target); // what a killed writer of this target left
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

bool AtomicFile::failed() const {
    if (m_handed_over) return m_failed;
    return m_failed || !m_file || std::ferror(m_file);
}

void AtomicFile::hand_over() {
    if (m_handed_over || m_done) return;
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
    }
    std::error_code ec;
    fs::remove(m_temporary, ec);
    m_handed_over = true;
}

void AtomicFile::flush_to_disk() {
    if (m_flushed) return;
    if (m_handed_over) {
        // What the library wrote under the temporary name, synced as rename_no_replace syncs.
        const int fd = ::open(m_temporary.c_str(), O_RDONLY | O_CLOEXEC);
        const bool ok = fd >= 0 && ::fsync(fd) == 0;
        const std::string reason = ok ? std::string() : last_error();
        if (fd >= 0) ::close(fd);
        if (!ok) {
            discard();
            throw Error("cannot write (disk full?): " + reason, m_target.string());
        }
        m_flushed = true;
        return;
    }
    if (!m_file) throw Error("cannot write (the file was already closed)", m_target.string());
    bool ok = !failed() && std::fflush(m_file) == 0;
    ok = ok && ::fsync(::fileno(m_file)) == 0;
    const std::string reason = ok ? std::string() : last_error();
    ok = std::fclose(m_file) == 0 && ok;
    m_file = nullptr;
    m_flushed = ok;
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
    flush_to_disk();
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

AtomicFile& FileSet::add(fs::path target) {
    m_files.push_back(std::make_unique<AtomicFile>(std::move(target)));
    return *m_files.back();
}

void FileSet::commit() {
    std::vector<AtomicFile*> files;
    for (const auto& f : m_files)
        files.push_back(f.get());
    commit_together(files);
}

void commit_together(const std::vector<AtomicFile*>& files) {
    try {
        for (auto* f : files)
            f->flush_to_disk();
    } catch (...) {
        for (auto* f : files)
            f->discard();
        throw;
    }
    // The old versions stay reachable under a temporary name until every new one is in place.
    std::vector<fs::path> old(files.size());
    std::vector<bool> existed(files.size(), false);
    const auto drop_old = [&] {
        for (const auto& o : old)
            if (!o.empty()) ::unlink(o.c_str());
    };
    for (size_t i = 0; i < files.size(); ++i) {
        const auto& target = files[i]->target();
        if (::access(target.c_str(), F_OK) != 0) continue;
        existed[i] = true;
        for (int attempt = 0; attempt < 100 && old[i].empty(); ++attempt) {
            const auto name = unique_temporary_path(target);
            if (::link(target.c_str(), name.c_str()) == 0)
                old[i] = name;
            else if (errno != EEXIST)
                break; // no hard links here: that file cannot be put back
        }
    }
    for (size_t i = 0; i < files.size(); ++i) {
        try {
            files[i]->rename_into_place();
        } catch (...) {
            // Back to the old versions: the ones renamed already get their old file (or go, when
            // there was none), the rest are discarded.
            for (size_t k = 0; k < i; ++k) {
                const auto& target = files[k]->target();
                if (!old[k].empty()) {
                    if (::rename(old[k].c_str(), target.c_str()) == 0) old[k].clear();
                } else if (!existed[k]) {
                    ::unlink(target.c_str());
                }
            }
            for (size_t k = i + 1; k < files.size(); ++k)
                files[k]->discard();
            drop_old();
            throw;
        }
    }
    drop_old();
}

void write_file_atomically(const fs::path& path, std::string_view content) {
    AtomicFile out(path);
    out.write(content);
    out.commit();
}

} // namespace oko::geo
