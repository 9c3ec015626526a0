#pragma once
// The metric CRS a density surface is computed and written in (`oko density --crs`), through
// PROJ: the user's ("EPSG:32634", a PROJ string or WKT), or the UTM zone of the points' centre.
// Distances in it are its metres; Web Mercator (EPSG:3857) is the exception the density code
// scales per row (kernel_density.hpp, `mercator`). It is also the one metric CRS of the figures in
// geo/analysis: district areas (boundaries.hpp) and street lengths (streets.hpp) are measured in
// the UTM zone `utm_epsg` gives.

#include "geo/base/types.hpp"

#include <memory>
#include <string>

namespace oko::geo {

// The EPSG code of the WGS 84 UTM zone holding `p` (326NN north of the equator, 327NN south; the
// regular 6° zones, without Norway's and Svalbard's exceptions).
int utm_epsg(LonLat p);

class DensityCrs {
public:
    // Throws geo::Error (field "--crs") when PROJ does not know the definition, or when it is not
    // a projected CRS whose axes are in metres.
    static DensityCrs from_definition(const std::string& definition);
    // The WGS 84 UTM zone holding `centre` (utm_epsg).
    static DensityCrs utm_for(LonLat centre);

    DensityCrs(DensityCrs&&) noexcept;
    DensityCrs& operator=(DensityCrs&&) noexcept;
    ~DensityCrs();

    const std::string& name() const { return m_name; }               // "EPSG:32634", or the definition
    const std::string& description() const { return m_description; } // "WGS 84 / UTM zone 34N"
    const std::string& wkt() const { return m_wkt; }                 // WKT2:2019
    bool web_mercator() const { return m_web_mercator; }

    // WGS84 longitude/latitude into the CRS (easting, northing); NaN when PROJ cannot.
    XY from_lonlat(LonLat p) const;
    // Web Mercator into the CRS (itself when the CRS is Web Mercator).
    XY from_mercator(XY p) const;

private:
    DensityCrs() = default;
    struct Proj;
    std::unique_ptr<Proj> m_proj;
    std::string m_name, m_description, m_wkt;
    bool m_web_mercator = false;
};

} // namespace oko::geo
