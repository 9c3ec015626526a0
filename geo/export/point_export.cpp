#include "geo/export/point_export.hpp"

#include "geo/analysis/stats.hpp"
#include "geo/analysis/street_coverage.hpp"
#include "geo/base/atomic_file.hpp"
#include "geo/base/error.hpp"
#include "geo/base/ogr_dataset.hpp"
#include "geo/base/utf8.hpp"
#include "geo/export/gpkg_spatial_index.hpp"
#include "geo/scene/filter_warnings.hpp"
#include "geo/store/store_point_rows.hpp"
#include "geo/store/store_point_views.hpp"
#include "geo/store/store_points.hpp"
#include "geo/text/camera_fields.hpp"
#include "geo/text/csv_writer.hpp"
#include "geo/text/field_names.hpp"
#include "geo/text/xml_text.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <memory>

namespace oko::geo {

namespace {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return std::string(s);
}

// The shortest text that reads back as the same double.
void append_number(std::string& out, double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

std::string number_text(double v) {
    std::string s;
    append_number(s, v);
    return s;
}

// The file's own fields, before and after the attributes; CSV has the position as two more.
// Every format reserves the same names (and GeoPackage's geometry and FID columns), so that an
// attribute has one name in all of them.
const std::vector<std::string>& reserved_fields() {
    static const std::vector<std::string> names{
        "id",       "lon",         "lat",           "status",         "vendor",
        "year",     "source_file", "source_sha256", "source_row",     "imported_at",
        "added_by", "added_at",    "reports",       "merged_reports", "geom",
        "fid"};
    return names;
}

// The reports merged into a camera, for a field: "cameras.csv row 40; added by hand by ana at
// 2026-12-04T10:00:00Z".
std::string merged_reports_text(const PointRow& row) {
    std::string out;
    for (const auto& r : row.merged) {
        if (!out.empty()) out += "; ";
        out += geo::report_text(r);
    }
    return out;
}

struct FieldPlan {
    bool status = false; // the project keeps curation's columns: status, and who added, and merges
    std::vector<std::string> attribute_columns; // per attribute of the reader
    // The fields in order, without the position (CSV puts lon, lat after id).
    std::vector<std::string> names() const {
        std::vector<std::string> out{"id"};
        if (status) out.push_back("status");
        out.push_back("vendor");
        out.push_back("year");
        out.insert(out.end(), attribute_columns.begin(), attribute_columns.end());
        for (const char* n : {"source_file", "source_sha256", "source_row", "imported_at"})
            out.push_back(n);
        // A curated layer's cameras: who added one by hand, and how many reports each stands for
        // with those merged into it.
        if (status)
            for (const char* n : {"added_by", "added_at", "reports", "merged_reports"})
                out.push_back(n);
        return out;
    }
};

class PointSink {
public:
    virtual ~PointSink() = default;
    virtual void write(const PointRow& row) = 0;
    // Completes the file and puts it in place.
    virtual void commit() = 0;
};

// ---- GDAL/OGR: GeoJSON, GeoPackage, KML ----

// GDAL's messages are the caller's to word: none on stderr while a file is written.
class QuietGdal {
public:
    QuietGdal() {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
    }
    ~QuietGdal() { CPLPopErrorHandler(); }
    QuietGdal(const QuietGdal&) = delete;
    QuietGdal& operator=(const QuietGdal&) = delete;
};

// The file stays hidden until it is complete, and AtomicFile syncs it then: SQLite need not sync
// a GeoPackage on the way.
class UnsyncedSqlite {
public:
    UnsyncedSqlite() { CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF"); }
    ~UnsyncedSqlite() { CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", nullptr); }
    UnsyncedSqlite(const UnsyncedSqlite&) = delete;
    UnsyncedSqlite& operator=(const UnsyncedSqlite&) = delete;
};

std::string gdal_reason() {
    const char* msg = CPLGetLastErrorMsg();
    return msg && *msg ? std::string(": ") + msg : std::string();
}

class OgrSink : public PointSink {
public:
    OgrSink(PointFileFormat format, const std::filesystem::path& target, const std::string& layer,
            const FieldPlan& plan)
        : m_out(target), m_plan(plan) {
        ensure_gdal_registered();
        const char* driver_name = format == PointFileFormat::GeoPackage ? "GPKG"
                                  : format == PointFileFormat::Kml      ? "KML"
                                                                        : "GeoJSON";
        auto* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
        if (!driver) throw Error(std::string("this GDAL has no ") + driver_name + " driver", target.string());
        m_out.hand_over(); // the drivers create their file and refuse to write over one
        const std::string temporary = m_out.temporary().string();
        m_ds.reset(driver->Create(temporary.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!m_ds) fail("GDAL cannot create the file");

        OGRSpatialReference wgs84;
        wgs84.importFromEPSG(4326);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        char** options = nullptr;
        if (format == PointFileFormat::GeoJson) {
            options = CSLSetNameValue(options, "RFC7946", "YES");
            // RFC 7946's default in GDAL is 7 decimals; a position converted from degrees, minutes
            // and seconds has more, and the file should give back the double the project holds.
            options = CSLSetNameValue(options, "COORDINATE_PRECISION", "15");
        }
        if (format == PointFileFormat::GeoPackage) {
            options = CSLSetNameValue(options, "GEOMETRY_NAME", "geom");
            options = CSLSetNameValue(options, "FID", "fid");
            // Oko packs the index itself once the features are in (gpkg_spatial_index.hpp).
            options = CSLSetNameValue(options, "SPATIAL_INDEX", "NO");
            m_index = true;
        }
        m_layer = m_ds->CreateLayer(layer.c_str(), &wgs84, wkbPoint, options);
        CSLDestroy(options);
        if (!m_layer) fail("GDAL cannot create the layer");
        m_table = m_layer->GetName();
        const auto names = plan.names();
        for (const auto& name : names) {
            // The import time as a date and time (OGR reads the store's ISO 8601 UTC text); KML's
            // fields have no such type, and GDAL would write its own form there: the text as stored.
            const bool time = name == "imported_at" || name == "added_at";
            const OGRFieldType type = name == "id" || name == "source_row"     ? OFTInteger64
                                      : name == "year" || name == "reports"    ? OFTInteger
                                      : time && format != PointFileFormat::Kml ? OFTDateTime
                                                                               : OFTString;
            OGRFieldDefn field(name.c_str(), type);
            if (m_layer->CreateField(&field) != OGRERR_NONE) fail("GDAL cannot create the field '" + name + "'");
        }
        // By name: a driver may have fields of its own (KML's Name and Description come first).
        for (const auto& name : names) {
            const int i = m_layer->GetLayerDefn()->GetFieldIndex(name.c_str());
            if (i < 0) fail("GDAL did not create the field '" + name + "'");
            m_fields.push_back(i);
        }
        // One transaction for the whole layer (GeoPackage; the others write as they go).
        m_transaction = m_ds->TestCapability(ODsCTransactions) && m_ds->StartTransaction() == OGRERR_NONE;
        m_feature.reset(OGRFeature::CreateFeature(m_layer->GetLayerDefn()));
    }

    ~OgrSink() override {
        m_feature.reset();
        if (m_transaction && m_ds) m_ds->RollbackTransaction();
        m_ds.reset(); // GDAL lets go of the temporary file before m_out removes it
    }

    void write(const PointRow& row) override {
        auto& f = *m_feature;
        f.SetFID(OGRNullFID);
        const int* field = m_fields.data(); // in the order of FieldPlan::names()
        f.SetField(*field++, static_cast<GIntBig>(row.id));
        if (m_plan.status) set_text(*field++, row.status);
        set_text(*field++, row.vendor);
        if (row.year)
            f.SetField(*field++, *row.year);
        else
            f.SetFieldNull(*field++);
        for (const auto& value : row.attributes)
            set_text(*field++, value);
        set_text(*field++, row.source_file);
        set_text(*field++, row.source_sha256);
        f.SetField(*field++, static_cast<GIntBig>(row.source_row));
        set_text(*field++, row.imported_at);
        if (m_plan.status) {
            set_text(*field++, row.added_by);
            set_text(*field++, row.added_at);
            f.SetField(*field++, static_cast<int>(1 + row.merged.size()));
            set_text(*field++, merged_reports_text(row));
        }
        m_point.setX(row.position.lon);
        m_point.setY(row.position.lat);
        f.SetGeometry(&m_point);
        if (m_layer->CreateFeature(&f) != OGRERR_NONE) fail("GDAL could not write point " + std::to_string(row.id));
        if (m_index)
            m_boxes.push_back({f.GetFID(), row.position.lon, row.position.lat, row.position.lon, row.position.lat});
    }

    void commit() override {
        if (m_transaction) {
            m_transaction = false;
            if (m_ds->CommitTransaction() != OGRERR_NONE) fail("GDAL could not write the file");
        }
        m_feature.reset();
        CPLErrorReset();
        GDALDataset* ds = m_ds.release();
        // Closing writes what is left (the end of a GeoJSON): a full disk shows here.
        GDALClose(ds);
        if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
            fail("GDAL could not finish the file");
        if (m_index) add_gpkg_spatial_index(m_out.temporary(), m_table, "geom", std::move(m_boxes), m_out.target());
        m_out.commit();
    }

private:
    void set_text(int i, const std::string& value) {
        if (value.empty())
            m_feature->SetFieldNull(i);
        else
            m_feature->SetField(i, value.c_str());
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw naming_target(Error(what + gdal_reason(), m_out.temporary().string()), m_out.temporary(), m_out.target());
    }

    struct DatasetCloser {
        void operator()(GDALDataset* ds) const { GDALClose(ds); }
    };
    struct FeatureDeleter {
        void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
    };

    QuietGdal m_quiet;
    UnsyncedSqlite m_unsynced;
    AtomicFile m_out; // before the dataset: destroyed after it
    FieldPlan m_plan;
    std::unique_ptr<GDALDataset, DatasetCloser> m_ds;
    OGRLayer* m_layer = nullptr;
    std::vector<int> m_fields; // the layer's index of each of FieldPlan::names()
    std::string m_table;       // the layer's name in the file
    bool m_index = false;      // a GeoPackage: its spatial index is packed from m_boxes at the end
    std::vector<RTreeEntry> m_boxes;
    std::unique_ptr<OGRFeature, FeatureDeleter> m_feature;
    OGRPoint m_point;
    bool m_transaction = false;
};

// ---- files Oko writes itself: CSV and OSM XML ----

// Text written in pieces of about a megabyte.
class BufferedFile {
public:
    explicit BufferedFile(const std::filesystem::path& target) : m_out(target) { m_buffer.reserve(kChunk + 4096); }
    std::string& buffer() { return m_buffer; }
    void maybe_flush() {
        if (m_buffer.size() >= kChunk) flush();
    }
    void commit() {
        flush();
        if (m_out.failed()) throw Error("cannot write (disk full?)", m_out.target().string());
        m_out.commit();
    }

private:
    static constexpr size_t kChunk = 1 << 20;
    void flush() {
        m_out.write(m_buffer);
        m_buffer.clear();
    }
    AtomicFile m_out;
    std::string m_buffer;
};

class CsvSink : public PointSink {
public:
    CsvSink(const std::filesystem::path& target, const FieldPlan& plan) : m_file(target), m_plan(plan) {
        auto names = plan.names();
        names.insert(names.begin() + 1, {"lon", "lat"});
        auto& out = m_file.buffer();
        out += csv_byte_order_mark;
        append_csv_record(out, names);
    }

    void write(const PointRow& row) override {
        auto& out = m_file.buffer();
        out += std::to_string(row.id);
        out += ',';
        append_number(out, row.position.lon);
        out += ',';
        append_number(out, row.position.lat);
        if (m_plan.status) field(row.status);
        field(row.vendor);
        out += ',';
        if (row.year) out += std::to_string(*row.year);
        for (const auto& value : row.attributes)
            field(value);
        field(row.source_file);
        field(row.source_sha256);
        out += ',';
        out += std::to_string(row.source_row);
        field(row.imported_at);
        if (m_plan.status) {
            field(row.added_by);
            field(row.added_at);
            out += ',';
            out += std::to_string(1 + row.merged.size());
            field(merged_reports_text(row));
        }
        out += csv_line_end;
        m_file.maybe_flush();
    }

    void commit() override { m_file.commit(); }

private:
    void field(const std::string& value) {
        auto& out = m_file.buffer();
        out += ',';
        append_csv_field(out, value);
    }

    BufferedFile m_file;
    FieldPlan m_plan;
};

class OsmSink : public PointSink {
public:
    OsmSink(const std::filesystem::path& target, const std::vector<std::string>& attribute_names,
            const std::string& layer)
        : m_file(target), m_names(attribute_names), m_layer(layer) {
        // No version, changeset, user or timestamp: new nodes for review, nothing an upload would
        // take as a server's data.
        m_file.buffer() += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"Oko\">\n";
    }

    void write(const PointRow& row) override {
        auto& out = m_file.buffer();
        // New objects have negative ids; the point's id keeps the way back to the project.
        out += "  <node id=\"-";
        out += std::to_string(row.id);
        out += "\" lat=\"";
        append_number(out, row.position.lat);
        out += "\" lon=\"";
        append_number(out, row.position.lon);
        out += "\">\n";
        for (const auto& [k, v] : osm_camera_tags(row, m_names, m_layer)) {
            out += "    <tag k=\"";
            append_xml_text(out, k);
            out += "\" v=\"";
            append_xml_text(out, v);
            out += "\"/>\n";
        }
        out += "  </node>\n";
        m_file.maybe_flush();
    }

    void commit() override {
        m_file.buffer() += "</osm>\n";
        m_file.commit();
    }

private:
    BufferedFile m_file;
    std::vector<std::string> m_names;
    std::string m_layer;
};

constexpr size_t kOsmMaxValue = 255;

// A name the OSM importer takes: the points from it are OpenStreetMap's own.
bool is_osm_extract_name(const std::string& name) {
    const std::string n = ascii_lower(name);
    return n.ends_with(".osm.pbf") || n.ends_with(".osm");
}

} // namespace

std::optional<PointFileFormat> point_file_format(const std::filesystem::path& out) {
    const std::string ext = ascii_lower(out.extension().string());
    if (ext == ".geojson") return PointFileFormat::GeoJson;
    if (ext == ".csv") return PointFileFormat::Csv;
    if (ext == ".gpkg") return PointFileFormat::GeoPackage;
    if (ext == ".kml") return PointFileFormat::Kml;
    if (ext == ".osm") return PointFileFormat::Osm;
    return std::nullopt;
}

const char* point_file_format_name(PointFileFormat format) {
    switch (format) {
    case PointFileFormat::GeoJson:
        return "geojson";
    case PointFileFormat::Csv:
        return "csv";
    case PointFileFormat::GeoPackage:
        return "gpkg";
    case PointFileFormat::Kml:
        return "kml";
    case PointFileFormat::Osm:
        return "osm";
    }
    return "geojson";
}

PointFileFormat require_point_file_format(const std::filesystem::path& out, const std::string& field) {
    if (const auto format = point_file_format(out)) return *format;
    const std::string ext = out.extension().string();
    throw Error((ext.empty() ? std::string("the output has no extension") : "Oko cannot export '" + ext + "' files") +
                    ": name it *.geojson, *.csv (with a byte-order mark, for spreadsheets), *.gpkg (GeoPackage), "
                    "*.kml or *.osm (OpenStreetMap XML, for review in JOSM)",
                out.string(), 0, field);
}

std::vector<std::pair<std::string, std::string>>
osm_camera_tags(const PointRow& row, const std::vector<std::string>& attribute_names, const std::string& layer) {
    // The value of the first of `keys` the point has (names compared without ASCII case).
    const auto attribute = [&](std::initializer_list<std::string_view> keys) -> std::string {
        for (const auto key : keys)
            for (size_t i = 0; i < attribute_names.size() && i < row.attributes.size(); ++i)
                if (!row.attributes[i].empty() && ascii_lower(attribute_names[i]) == key) return row.attributes[i];
        return {};
    };
    // The attribute names as the known camera fields compare them, made once for a layer's rows.
    thread_local std::vector<std::string> names_of, normalised;
    if (names_of != attribute_names) {
        names_of = attribute_names;
        normalised.clear();
        for (const auto& n : attribute_names)
            normalised.push_back(normalise_field_name(n));
    }
    // The values of a known camera field (camera_fields.hpp), in the order of its names.
    const auto field_values = [&](const CameraField& field) {
        std::vector<std::string> out;
        for (const auto& key : field.names) {
            const std::string k = normalise_field_name(key);
            for (size_t i = 0; i < normalised.size() && i < row.attributes.size(); ++i)
                if (!row.attributes[i].empty() && normalised[i] == k) out.push_back(row.attributes[i]);
        }
        return out;
    };
    const auto one_of = [](const std::string& value, std::initializer_list<std::string_view> allowed) {
        const std::string v = ascii_lower(trimmed(value));
        for (const auto a : allowed)
            if (v == a) return std::string(a);
        return std::string();
    };
    std::vector<std::pair<std::string, std::string>> tags{{"man_made", "surveillance"},
                                                          {"surveillance:type", "camera"}};
    if (auto zone = one_of(attribute({"surveillance"}), {"public", "outdoor", "indoor"}); !zone.empty())
        tags.emplace_back("surveillance", zone);
    for (const auto& value : field_values(camera_field_named("type")))
        if (auto type = one_of(value, {"fixed", "panning", "dome"}); !type.empty()) {
            tags.emplace_back("camera:type", type);
            break;
        }
    for (const auto& value : field_values(camera_field_named("direction")))
        if (const auto bearing = parse_bearing(value)) {
            tags.emplace_back("camera:direction", number_text(std::round(*bearing * 10) / 10));
            break;
        }
    if (!row.vendor.empty()) tags.emplace_back("manufacturer", row.vendor);
    if (row.year) tags.emplace_back("start_date", std::to_string(*row.year));
    const std::string source = trimmed(attribute({"source"}));
    tags.emplace_back("source", source.empty() ? row.source_file : source);
    std::string note = "Oko layer " + layer + ", point " + std::to_string(row.id);
    if (!row.source_file.empty()) {
        note += ": " + row.source_file + " row " + std::to_string(row.source_row);
        if (!row.imported_at.empty()) note += ", imported " + row.imported_at;
    } else if (!row.added_by.empty()) {
        note += ": added by hand by " + row.added_by + " at " + row.added_at;
    }
    if (!row.merged.empty()) note += "; also reported as " + merged_reports_text(row);
    tags.emplace_back("note", note);
    // OpenStreetMap takes values of at most 255 characters (JOSM's check and the API refuse
    // longer ones); the other formats keep the whole text.
    for (auto& tag : tags)
        tag.second = utf8::shortened(tag.second, kOsmMaxValue);
    return tags;
}

PointExportResult export_points(const Store& store, const std::string& layer, const Filter& filter,
                                const std::filesystem::path& out) {
    PointExportResult result;
    result.file = out;
    result.format = require_point_file_format(out, "--out");
    const auto where = filter.to_sql("p.vendor", "p.year", "p.search_text", curation_sql(store, "p").status);
    PointRowReader reader(store, layer, where.where, where.parameters);
    result.layer_points = reader.layer_points();
    result.kind = reader.kind();
    result.warnings = filter_warnings(filter, stored_layer_values(store, layer));

    FieldPlan plan;
    plan.status = reader.has_status();
    plan.attribute_columns = attribute_columns(reader.attribute_names(), reserved_fields());
    if (result.format == PointFileFormat::GeoPackage && plan.names().size() > 1990)
        throw Error("layer '" + layer + "' has " + std::to_string(reader.attribute_names().size()) +
                        " attributes, more than a GeoPackage table holds (about 2000 columns): export it as "
                        "*.geojson or *.csv",
                    out.string(), 0, "--out");

    std::unique_ptr<PointSink> sink;
    switch (result.format) {
    case PointFileFormat::Csv:
        sink = std::make_unique<CsvSink>(out, plan);
        result.fields = plan.names();
        result.fields.insert(result.fields.begin() + 1, {"lon", "lat"});
        break;
    case PointFileFormat::Osm:
        sink = std::make_unique<OsmSink>(out, reader.attribute_names(), layer);
        result.fields = {"man_made",     "surveillance:type", "surveillance", "camera:type", "camera:direction",
                         "manufacturer", "start_date",        "source",       "note"};
        break;
    default:
        sink = std::make_unique<OgrSink>(result.format, out, layer, plan);
        result.fields = plan.names();
    }
    PointRow row;
    int64_t from_osm = 0;
    std::string osm_file;
    while (reader.next(row)) {
        if (result.format == PointFileFormat::Osm && is_osm_extract_name(row.source_file)) {
            if (from_osm++ == 0) osm_file = row.source_file;
        }
        // A vendor written as a word for "unknown" is none, as the filter and the counts take it.
        if (!row.vendor.empty() && Filter::is_unknown_vendor(row.vendor)) row.vendor.clear();
        sink->write(row);
        ++result.count;
    }
    sink->commit();
    // New nodes for what OpenStreetMap has already would be uploaded twice.
    if (from_osm > 0)
        result.warnings.push_back(std::to_string(from_osm) + " of the " + std::to_string(result.count) +
                                  " cameras came from the OSM extract " + osm_file +
                                  ": they are in OpenStreetMap already, and uploading them would add them again");
    return result;
}

} // namespace oko::geo
