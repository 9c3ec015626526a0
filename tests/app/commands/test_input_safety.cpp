// An input file is only what it claims to be: each attack is built here from scratch and run
// through `oko import` as a user would, and the test checks that it is refused with a message
// that says why, that no network request was made, that memory stayed bounded and that the
// project did not change.

#include "support/shared_data.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using namespace oko;
using test::run_command;

namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Three cameras in Belgrade as GeoJSON.
std::string cameras_geojson() {
    return R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"vendor": "Dahua"}, "geometry": {"type": "Point", "coordinates": [20.4573, 44.8176]}},
{"type": "Feature", "properties": {"vendor": "Hikvision"}, "geometry": {"type": "Point", "coordinates": [20.4650, 44.8030]}},
{"type": "Feature", "properties": {"vendor": "Huawei"}, "geometry": {"type": "Point", "coordinates": [20.4760, 44.7890]}}]}
)";
}

// A project with one layer of three cameras, made by oko import.
std::filesystem::path make_project(const test::TempDir& dir) {
    const auto csv = dir / "known.csv";
    write_file(csv, "lat,lon,vendor\n44.8176,20.4573,Dahua\n44.8030,20.4650,Hikvision\n");
    const auto store = dir / "project.oko";
    const auto r = run_command(
        test::oko_command("import " + test::quoted(csv) + " --store " + test::quoted(store) + " --layer known"));
    INFO(r.output);
    REQUIRE(r.status == 0);
    return store;
}

struct Measured {
    test::CommandResult result;
    int64_t max_rss_kb = -1;
    double seconds = 0;
};

// Runs oko with `args` under /usr/bin/time, for the child's peak resident memory (getrusage's
// ru_maxrss, which GNU time prints as %M) and the wall time.
Measured measured_oko(const std::string& args, const std::string& env = "") {
    Measured m;
    const auto t0 = std::chrono::steady_clock::now();
    m.result = run_command(env + " /usr/bin/time -f 'oko-max-rss-kb=%M' " + test::oko_command(args));
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::smatch match;
    if (std::regex_search(m.result.output, match, std::regex("oko-max-rss-kb=(\\d+)")))
        m.max_rss_kb = std::stoll(match[1]);
    return m;
}

// A local HTTP server on an ephemeral port of 127.0.0.1 that logs every request it gets.
class LocalServer {
public:
    explicit LocalServer(const test::TempDir& dir) : m_log(dir / "requests.log"), m_port_file(dir / "port") {
        const auto script = dir / "server.py";
        write_file(script, R"(import http.server, socketserver, sys
log, port_file = sys.argv[1], sys.argv[2]
class Handler(http.server.BaseHTTPRequestHandler):
    def handle_one_request(self):
        with open(log, "a") as f:
            f.write("connection\n")
        super().handle_one_request()
    def do_GET(self):
        with open(log, "a") as f:
            f.write("GET " + self.path + "\n")
        body = b'{"type": "FeatureCollection", "features": []}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_HEAD = do_GET
    def log_message(self, *args):
        pass
server = socketserver.TCPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
)");
        write_file(m_log, "");
        std::system(("python3 " + test::quoted(script) + " " + test::quoted(m_log) + " " + test::quoted(m_port_file) +
                     " >/dev/null 2>&1 & echo $! > " + test::quoted(dir / "server.pid"))
                        .c_str());
        m_pid = read_file(dir / "server.pid");
        for (int i = 0; i < 200 && !std::filesystem::exists(m_port_file); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        m_port = read_file(m_port_file);
    }
    ~LocalServer() {
        if (!m_pid.empty()) std::system(("kill " + m_pid + " 2>/dev/null").c_str());
    }
    const std::string& port() const { return m_port; }
    std::string requests() const { return read_file(m_log); }
    void forget() const { write_file(m_log, ""); }

private:
    std::filesystem::path m_log, m_port_file;
    std::string m_pid, m_port;
};

// A zip made by Python's zipfile, members streamed (a bomb is never held in memory):
// `members` is Python code for a list of (name, text, repeat) triples.
void make_zip(const test::TempDir& dir, const std::filesystem::path& zip, const std::string& members) {
    const auto script = dir / "zip.py";
    write_file(script, "import sys, zipfile\n"
                       "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:\n"
                       "    for name, head, body, repeat, tail in " +
                           members +
                           ":\n"
                           "        with z.open(name, 'w', force_zip64=True) as f:\n"
                           "            f.write(head.encode())\n"
                           "            chunk = (body * 4096).encode()\n"
                           "            for _ in range(repeat // 4096):\n"
                           "                f.write(chunk)\n"
                           "            f.write(tail.encode())\n");
    const auto r = run_command("python3 " + test::quoted(script) + " " + test::quoted(zip));
    INFO(r.output);
    REQUIRE(r.status == 0);
}

} // namespace

TEST_CASE("a .kml that is really a VRT reading another file is refused and the project stays as it was",
          "[security][cli]") {
    test::TempDir dir;
    const auto store = make_project(dir);
    const auto before = read_file(store);
    const auto secret = dir / "other" / "secret.geojson";
    std::filesystem::create_directories(secret.parent_path());
    write_file(secret, cameras_geojson());
    const auto kml = dir / "cameras.kml";
    write_file(kml, "<OGRVRTDataSource>\n  <OGRVRTLayer name=\"cameras\">\n    <SrcDataSource>" + secret.string() +
                        "</SrcDataSource>\n    <SrcLayer>secret</SrcLayer>\n  </OGRVRTLayer>\n</OGRVRTDataSource>\n");
    // The attack is real: GDAL on its own reads the other file through it.
    if (run_command("command -v ogrinfo").status == 0) {
        const auto plain = run_command("ogrinfo -ro -al -so " + test::quoted(kml));
        INFO(plain.output);
        CHECK(plain.output.find("Feature Count: 3") != std::string::npos);
    }
    for (const char* extra : {"", " --dry-run"}) {
        const auto r = run_command(test::oko_command("import " + test::quoted(kml) + " --store " + test::quoted(store) +
                                                     " --layer stolen" + extra));
        INFO(r.output);
        CHECK(r.status != 0);
        CHECK(r.output.find("VRT") != std::string::npos);
        CHECK(r.output.find("cameras.kml") != std::string::npos);
    }
    CHECK(read_file(store) == before);
    const auto layers = run_command(test::oko_command("layers --store " + test::quoted(store)));
    CHECK(layers.output.find("stolen") == std::string::npos);
}

TEST_CASE("a .geojson that is really a VRT naming URLs makes no request to the server it names", "[security][cli]") {
    test::TempDir dir;
    LocalServer server(dir);
    REQUIRE(!server.port().empty());
    const std::string base = "http://127.0.0.1:" + server.port();
    const auto geojson = dir / "cameras.geojson";
    write_file(geojson, "<OGRVRTDataSource>\n"
                        "  <OGRVRTLayer name=\"a\"><SrcDataSource>/vsicurl/" +
                            base +
                            "/a.geojson</SrcDataSource></OGRVRTLayer>\n"
                            "  <OGRVRTLayer name=\"b\"><SrcDataSource>" +
                            base + "/b.geojson</SrcDataSource></OGRVRTLayer>\n</OGRVRTDataSource>\n");
    // The server answers, and GDAL on its own does call it through the file.
    if (run_command("command -v ogrinfo").status == 0) {
        run_command("ogrinfo -ro -al -so " + test::quoted(geojson));
        CHECK(server.requests().find("GET") != std::string::npos);
        server.forget();
    }
    const auto store = dir / "new.oko";
    const auto r = run_command(
        test::oko_command("import " + test::quoted(geojson) + " --store " + test::quoted(store) + " --layer x"));
    INFO(r.output);
    CHECK(r.status != 0);
    CHECK(r.output.find("VRT") != std::string::npos);
    CHECK(!std::filesystem::exists(store));

    // Nor does a path into GDAL's network file system, nor a KML that names the server for a
    // style and a network link; that KML's own camera still imports.
    const auto vsi = run_command(
        test::oko_command("import /vsicurl/" + base + "/c.geojson --store " + test::quoted(store) + " --layer x"));
    INFO(vsi.output);
    CHECK(vsi.status != 0);
    CHECK(vsi.output.find("Oko opens only files") != std::string::npos);
    const auto kml = dir / "linked.kml";
    write_file(kml,
               R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<NetworkLink><name>more</name><Link><href>)" +
                   base + R"(/more.kml</href></Link></NetworkLink>
<Placemark><name>Terazije</name><styleUrl>)" +
                   base +
                   R"(/style.kml#cam</styleUrl><Point><coordinates>20.4573,44.8176,0</coordinates></Point></Placemark>
</Document></kml>
)");
    const auto linked = run_command(
        test::oko_command("import " + test::quoted(kml) + " --store " + test::quoted(store) + " --layer linked"));
    INFO(linked.output);
    CHECK(linked.status == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(server.requests().empty());
}

TEST_CASE("a zip bomb is refused by the archive limits with memory bounded and the project unchanged",
          "[security][cli]") {
    test::TempDir dir;
    const auto store = make_project(dir);
    const auto before = read_file(store);
    // 400 MiB of rows in a zip of well under a megabyte.
    const auto zip = dir / "cameras.zip";
    make_zip(dir, zip, "[('cameras.csv', 'lat,lon,vendor\\n', '44.8176,20.4573,Dahua\\n', 20 << 20, '')]");
    // 300 MiB of description in a KMZ's doc.kml.
    const auto kmz = dir / "cameras.kmz";
    make_zip(dir, kmz,
             "[('doc.kml', '<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><Placemark><description>', "
             "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 300 << 14, "
             "'</description><Point><coordinates>20.45,44.81</coordinates></Point></Placemark></Document></kml>')]");
    for (const auto& bomb : {zip, kmz}) {
        INFO(bomb.string() << " of " << std::filesystem::file_size(bomb) << " bytes");
        CHECK(std::filesystem::file_size(bomb) < (4 << 20));
        const auto m =
            measured_oko("import " + test::quoted(bomb) + " --store " + test::quoted(store) + " --layer bomb");
        INFO(m.result.output);
        CHECK(m.result.status != 0);
        CHECK(m.result.output.find("archive_ratio") != std::string::npos);
        CHECK(m.result.output.find("--limit archive_ratio=N") != std::string::npos);
        CHECK(m.max_rss_kb > 0);
        CHECK(m.max_rss_kb < 300 * 1024);
        CHECK(m.seconds < 20);
        // With the ratio raised, the size limit stops it.
        const auto sized = measured_oko("import " + test::quoted(bomb) + " --store " + test::quoted(store) +
                                            " --layer bomb --limit archive_ratio=100000000",
                                        "OKO_LIMITS=archive_mb=100");
        INFO(sized.result.output);
        CHECK(sized.result.status != 0);
        CHECK(sized.result.output.find("archive_mb=100") != std::string::npos);
        CHECK(sized.max_rss_kb < 300 * 1024);
    }
    CHECK(read_file(store) == before);
}

TEST_CASE("a CSV of 100,000 columns is refused in seconds, and with the limit raised read in seconds",
          "[security][cli]") {
    test::TempDir dir;
    const auto csv = dir / "wide.csv";
    {
        std::ofstream out(csv, std::ios::binary);
        out << "lat,lon";
        for (int i = 0; i < 100000; ++i)
            out << ",c" << i;
        out << "\n44.8176,20.4573";
        for (int i = 0; i < 100000; ++i)
            out << ",v";
        out << "\n";
    }
    const auto store = dir / "p.oko";
    const auto m = measured_oko("import " + test::quoted(csv) + " --store " + test::quoted(store) + " --layer w");
    INFO(m.result.output);
    CHECK(m.result.status != 0);
    CHECK(m.result.output.find("100002 columns") != std::string::npos);
    CHECK(m.result.output.find("columns=2000") != std::string::npos);
    CHECK(m.result.output.size() < 2000);
    CHECK(m.seconds < 5);
    CHECK(!std::filesystem::exists(store));
    // The reader itself is linear in the columns: a dry run of the same file with the limit raised.
    const auto raised = measured_oko("import " + test::quoted(csv) + " --store " + test::quoted(store) +
                                     " --layer w --dry-run --limit columns=200000");
    INFO(raised.result.output);
    CHECK(raised.result.status == 0);
    CHECK(raised.seconds < 20);
}

TEST_CASE("a 20 MB value is refused by field_kb and quoted as a short excerpt", "[security][cli]") {
    test::TempDir dir;
    const auto csv = dir / "big.csv";
    const std::string big(20 << 20, '7');
    write_file(csv, "lat,lon,note\n44.8176,20.4573," + big + "\n");
    const auto store = dir / "p.oko";
    const auto r = run_command(
        test::oko_command("import " + test::quoted(csv) + " --store " + test::quoted(store) + " --layer b"));
    CHECK(r.status != 0);
    CHECK(r.output.size() < 2000);
    CHECK(r.output.find("field_kb=1024") != std::string::npos);
    CHECK(r.output.find("(20971520 bytes)") != std::string::npos);
    // Raised, the value is read; a 20 MB coordinate is rejected with a short quote of it.
    write_file(csv, "lat,lon\n44.8176,20.4573\n" + big + ",20.4\n");
    const auto raised = run_command(test::oko_command("import " + test::quoted(csv) + " --store " +
                                                      test::quoted(store) + " --layer b --limit field_kb=100000"));
    CHECK(raised.status == 0);
    CHECK(raised.output.size() < 4000);
    CHECK(raised.output.find("(20971520 bytes)") != std::string::npos);
}

TEST_CASE("a deeply nested GeoJSON is refused by the depth limit", "[security][cli]") {
    test::TempDir dir;
    const auto geojson = dir / "deep.geojson";
    write_file(geojson, R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"a": )" +
                            std::string(100000, '[') + std::string(100000, ']') +
                            R"(}, "geometry": {"type": "Point", "coordinates": [20.45, 44.81]}}]})");
    const auto m =
        measured_oko("import " + test::quoted(geojson) + " --store " + test::quoted(dir / "p.oko") + " --layer d");
    INFO(m.result.output);
    CHECK(m.result.status != 0);
    CHECK(m.result.output.find("depth=100") != std::string::npos);
    CHECK(m.seconds < 5);
}

TEST_CASE("the features limit and a wrong --limit say what to do", "[security][cli]") {
    test::TempDir dir;
    const auto csv = dir / "three.csv";
    write_file(csv, "lat,lon\n44.81,20.45\n44.82,20.46\n44.83,20.47\n");
    const auto r = run_command(test::oko_command("import " + test::quoted(csv) + " --store " +
                                                 test::quoted(dir / "p.oko") + " --layer t --limit features=2"));
    INFO(r.output);
    CHECK(r.status != 0);
    CHECK(r.output.find("features=2") != std::string::npos);
    CHECK(!std::filesystem::exists(dir / "p.oko"));
    const auto wrong = run_command(test::oko_command("import " + test::quoted(csv) + " --store " +
                                                     test::quoted(dir / "p.oko") + " --layer t --limit rows=2"));
    CHECK(wrong.status != 0);
    CHECK(wrong.output.find("--limit") != std::string::npos);
    CHECK(wrong.output.find("features") != std::string::npos);
    const auto env =
        run_command("OKO_LIMITS=features=2 " + test::oko_command("import " + test::quoted(csv) + " --store " +
                                                                 test::quoted(dir / "p.oko") + " --layer t"));
    CHECK(env.status != 0);
    CHECK(env.output.find("features=2") != std::string::npos);
}

TEST_CASE("a zip whose headers understate what its member unpacks to is refused by what really comes out",
          "[security][cli]") {
    test::TempDir dir;
    const auto zip = dir / "cameras.zip";
    const auto script = dir / "lie.py";
    write_file(script, R"(import sys, zipfile, struct
path = sys.argv[1]
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    with z.open('cameras.csv', 'w') as f:
        f.write(b'lat,lon,vendor\n')
        chunk = b'44.8176,20.4573,Dahua\n' * 4096
        for _ in range(5000):
            f.write(chunk)
data = bytearray(open(path, 'rb').read())
# 1000 bytes, says the local header and says the central directory: 430 MiB, says zlib.
assert data[0:4] == b'PK\x03\x04'
data[22:26] = struct.pack('<I', 1000)
cd = data.rfind(b'PK\x01\x02')
data[cd + 24:cd + 28] = struct.pack('<I', 1000)
open(path, 'wb').write(data)
)");
    const auto made = run_command("python3 " + test::quoted(script) + " " + test::quoted(zip));
    INFO(made.output);
    REQUIRE(made.status == 0);
    const auto m =
        measured_oko("import " + test::quoted(zip) + " --store " + test::quoted(dir / "p.oko") + " --layer lie");
    INFO(m.result.output);
    CHECK(m.result.status != 0);
    CHECK(m.result.output.find("at least") != std::string::npos);
    CHECK(m.result.output.find("archive_ratio=100") != std::string::npos);
    CHECK(m.max_rss_kb < 300 * 1024);
    CHECK(m.seconds < 20);
    CHECK(!std::filesystem::exists(dir / "p.oko"));
}
