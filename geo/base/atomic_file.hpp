#pragma once
// Files replaced whole or not at all. Every file Oko writes for others to read (pictures and
// their side files, CSV and JSON of `oko stats --out`, the rejected rows of an import, scenes,
// the window's settings) is written to a temporary name in the target's folder, flushed to disk
// (fsync) and renamed over the target: a reader sees the old file or the new one, never half.
//
// The temporary name is unique across processes and threads (pid, thread, a counter) and is
// created exclusively (O_EXCL), so two writers of the same target never share a temporary file;
// the last rename wins.

#include <cstdio>
#include <filesystem>
#include <string_view>
#include <vector>

namespace oko::geo {

// A fresh name beside `target` for a file that will be renamed over it:
// "<folder>/.<name>.tmp-<pid>-<thread>-<counter>". Nothing is created.
std::filesystem::path unique_temporary_path(const std::filesystem::path& target);

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
    // Removes the temporary file now (also what the destructor does without commit()).
    void discard();

private:
    friend void commit_together(const std::vector<AtomicFile*>& files);
    void finish(); // flush, fsync, close; throws
    void rename_into_place();

    std::filesystem::path m_target;
    std::filesystem::path m_temporary;
    FILE* m_file = nullptr;
    bool m_failed = false;
    bool m_done = false;
};

// Several files that belong together (a picture and its side files): every one is written and
// synced before the first is renamed, so a failure while writing leaves all the old ones.
void commit_together(const std::vector<AtomicFile*>& files);

// Writes `content` to `path` with an AtomicFile. Throws geo::Error naming the file.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

} // namespace oko::geo
