#pragma once
// Files replaced whole or not at all. Every file Oko writes for others to read (pictures and
// their side files, CSV and JSON of `oko stats --out`, the rejected rows of an import, scenes,
// the window's settings) is written to a temporary name in the target's folder, flushed to disk
// (fsync) and renamed over the target: a reader sees the old file or the new one, never half.
//
// The temporary name is unique across processes and threads (pid, thread, a counter) and is
// created exclusively (O_EXCL), so two writers of the same target never share a temporary file;
// the last rename wins.
//
// A writer killed before its rename leaves its temporary file behind. The next writer of the
// same target removes those of processes that no longer run (remove_stale_temporaries), so a
// kill leaves nothing for good; the files of running processes are never touched. This assumes
// that the writers of one folder run on one machine (one process-id space).

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "geo/base/error.hpp"

namespace oko::geo {

// A fresh name beside `target` for a file that will be renamed over it:
// "<folder>/.<name>.tmp-<pid>-<thread>-<counter>". Nothing is created.
std::filesystem::path unique_temporary_path(const std::filesystem::path& target);

// The process that made `file_name` (a name in the target's folder), when it is one of
// unique_temporary_path(target)'s names or such a name with SQLite's "-journal", "-wal" or
// "-shm" after it (the journal of a project being built); nothing for any other name.
std::optional<pid_t> temporary_owner(const std::filesystem::path& target, std::string_view file_name);

// Removes the temporary files beside `target` (as temporary_owner() knows them) whose process no
// longer runs: what a killed import or render left. Those of running processes, and of this one,
// stay. Returns how many were removed; never throws (a file that cannot be removed stays).
size_t remove_stale_temporaries(const std::filesystem::path& target);

// Puts the finished file `from` in place as `to`, unless `to` exists: then returns false and
// leaves both as they are (a plain rename would replace `to`, and another process's new file with
// it). The file's data is synced before it gets its name, and the folder after. Throws geo::Error
// naming `to` when the rename fails for another reason.
bool rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to);

// `error` as it should reach the user when it happened while `temporary` was being written for
// `target`: the target's name in place of the hidden temporary one, in the file and the reason.
Error naming_target(const Error& error, const std::filesystem::path& temporary, const std::filesystem::path& target);
// The same for a message that is not a geo::Error (a std::filesystem error names both paths).
std::string naming_target(std::string message, const std::filesystem::path& temporary,
                          const std::filesystem::path& target);

class AtomicFile {
public:
    // Creates the temporary file. Throws geo::Error naming the target when it cannot.
    explicit AtomicFile(std::filesystem::path target);
    // Without commit(), the temporary file is removed and the target left as it was.
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::filesystem::path& target() const { return m_target; }
    const std::filesystem::path& temporary() const { return m_temporary; }

    // The open stream, for writers that take a FILE* (libpng).
    FILE* stream() const { return m_file; }
    // Appends bytes; a failure is remembered and reported by commit().
    void write(std::string_view bytes);
    bool failed() const;

    // Flushes, syncs and closes the file, then renames it over the target. Throws geo::Error.
    void commit();
    // Only the first half of commit(): flushes, syncs and closes the file, so that a later commit()
    // merely renames it. Throws geo::Error (and removes the temporary file) when it cannot.
    void flush_to_disk();
    // Whether flush_to_disk() has run (and commit() will only rename).
    bool flushed() const { return m_flushed; }
    // Removes the temporary file now (also what the destructor does without commit()).
    void discard();
    // For a library that creates its file itself and refuses to write over one (GDAL's GeoPackage,
    // GeoJSON and KML drivers): closes the stream and removes the empty file, leaving the hidden
    // name free for the library to create. commit() then syncs and renames what it wrote there;
    // without commit() it is removed as ever. The library must have closed the file first.
    void hand_over();
    bool handed_over() const { return m_handed_over; }

private:
    friend void commit_together(const std::vector<AtomicFile*>& files);
    void rename_into_place();

    std::filesystem::path m_target;
    std::filesystem::path m_temporary;
    FILE* m_file = nullptr;
    bool m_failed = false;
    bool m_flushed = false;
    bool m_done = false;
    bool m_handed_over = false;
};

// Several files that belong together (a picture and its side files): every one is written and
// synced before the first is renamed, so a failure while writing leaves all the old ones. Should a
// rename fail half-way, the files already renamed are put back to their old versions (kept as
// hard links until all are in place), so a failure leaves all the old files or all the new ones.
// (A kill between the renames, a window of microseconds, can still leave a mix.)
void commit_together(const std::vector<AtomicFile*>& files);

// Files that appear together or not at all, however many writers make them: each writer creates
// its files in the set (add) and writes them, and commit() puts every one in place through
// commit_together. Destroyed without commit(), the set removes every temporary file and leaves
// the old files as they were. A series of figures (`oko render --by-year`) is one set.
class FileSet {
public:
    // A new file of the set, to be written now and renamed by commit(). Throws as AtomicFile does.
    AtomicFile& add(std::filesystem::path target);
    // Every file synced, then all renamed into place (commit_together). Throws geo::Error.
    void commit();
    bool empty() const { return m_files.empty(); }

private:
    std::vector<std::unique_ptr<AtomicFile>> m_files;
};

// Writes `content` to `path` with an AtomicFile. Throws geo::Error naming the file.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

} // namespace oko::geo
