#pragma once
// Coordinates from a source CRS to WGS84 longitude/latitude, through PROJ (via OGR). Created
// once per file or layer and reused for every point.

#include <memory>
#include <string>

class OGRCoordinateTransformation;
class OGRSpatialReference;

namespace oko::geo {

class PointTransform {
public:
    // No transformation: the coordinates are WGS84 already.
    PointTransform();
    // From a user-given definition ("EPSG:32634", a PROJ string or WKT). Throws oko::geo::Error.
    explicit PointTransform(const std::string& definition);
    // From a layer's CRS; a null or WGS84 CRS gives no transformation.
    explicit PointTransform(const OGRSpatialReference* source);
    ~PointTransform();
    PointTransform(PointTransform&&) noexcept;
    PointTransform& operator=(PointTransform&&) noexcept;

    bool identity() const { return !m_transform; }
    // The source CRS as "EPSG:N" when it has such a code, else its name.
    const std::string& name() const { return m_name; }
    // x/y in the source CRS (longitude/latitude order for geographic ones) to lon/lat in place;
    // false when PROJ cannot transform the point.
    bool apply(double& x, double& y) const;

private:
    void create(const OGRSpatialReference& source);

    struct Deleter {
        void operator()(OGRCoordinateTransformation* t) const;
    };
    std::unique_ptr<OGRCoordinateTransformation, Deleter> m_transform;
    std::string m_name = "EPSG:4326";
};

} // namespace oko::geo
