#pragma once
// How much of an input file Oko reads before it calls the file hostile or broken: the one list
// of limits on untrusted input (archives, features, fields, columns, nesting, scene layers).
// A file over a limit is refused with an error that names the limit and how to raise it. The
// defaults hold every real file we know of with room to spare; a user with a bigger one raises a
// limit for one run with the environment (OKO_LIMITS="columns=5000,archive_mb=4096") or, for
// `oko import`, with `--limit columns=5000`. docs/LIMITS.md describes each.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "geo/base/error.hpp"

namespace oko::geo {

enum class Limit {
    archive_mb,      // uncompressed size of all members of an archive (zip, KMZ, XLSX, ODS), in MiB
    archive_ratio,   // uncompressed size over compressed size of an archive, past 16 MiB uncompressed
    archive_members, // files in an archive
    features,        // rows or features read from one point or reference file
    field_kb,        // one value (a CSV field, a feature's attribute), in KiB
    columns,         // columns of a table, fields of a layer
    depth,           // nesting of JSON arrays and objects, of XML elements
    scene_layers,    // point and reference layers in one scene
};

struct LimitInfo {
    Limit limit;
    const char* name; // as written in OKO_LIMITS and --limit
    int64_t default_value;
    const char* what; // what it counts, for messages: "columns in a table"
};

// Every limit, in the order above.
const std::vector<LimitInfo>& limit_table();

// The value in force: the default, or what OKO_LIMITS or set_limit() made it.
int64_t limit(Limit which);
const char* limit_name(Limit which);

// Sets a limit for the rest of the process from "name=N" (N a positive whole number); throws
// Error naming the known limits when the name or the number is wrong.
void set_limit(std::string_view assignment);
// Each "name=N" of a comma-separated list (the form of OKO_LIMITS).
void set_limits(std::string_view list);

// The error for a file over a limit: "<what> (<found>) is over the limit <name>=<value>; raise
// it with OKO_LIMITS=<name>=N or --limit <name>=N if the file is one you trust".
Error limit_error(Limit which, const std::string& what, const std::string& file, int64_t line = 0);

// At most `max_bytes` of `value` for quoting in a message, cut on a character boundary, with
// "... (N bytes)" when cut and control characters shown as spaces: a 20 MB field becomes a line.
std::string excerpt(std::string_view value, size_t max_bytes = 60);

} // namespace oko::geo
