#pragma once
// The 25 district outlines (scenarios/data/seoul_district_boundaries.csv, from the
// simplified boundary file; Apache-2.0, see scenarios/data/SOURCES.md), triangulated
// once for filling and projected into a screen rectangle.
#include <array>
#include <string>
#include <vector>

#include "models/seoul.hpp"

namespace lonesim::viz {

struct Point {
    double x = 0, y = 0;
};

struct DistrictShape {
    std::vector<Point> ring;                 // lon/lat, counter-clockwise, not closed
    std::vector<std::array<int, 3>> triangles;  // indices into ring
    Point inside;  // the point inside farthest from the outline
};

// Ear clipping of a simple polygon; returns ring.size() - 2 triangles.
std::vector<std::array<int, 3>> triangulate(const std::vector<Point>& ring);
bool contains(const std::vector<Point>& ring, Point p);  // even-odd rule
Point pole_of_inaccessibility(const std::vector<Point>& ring);  // to a grid's precision

class DistrictMap {
public:
    // Shapes in the order of seoul.districts; throws InputError if one is missing.
    DistrictMap(const SeoulData& seoul, const std::string& boundaries_csv);

    const std::vector<DistrictShape>& shapes() const { return shapes_; }

    // Fit the map into a rectangle (equirectangular at Seoul's latitude, aspect kept).
    void fit(double x0, double y0, double width, double height);
    Point to_screen(Point lonlat) const;
    Point to_lonlat(Point screen) const;
    int district_at(Point screen) const;  // -1 if none

private:
    std::vector<DistrictShape> shapes_;
    double lon_min_ = 0, lon_max_ = 0, lat_min_ = 0, lat_max_ = 0, kx_ = 1;
    double scale_ = 1, ox_ = 0, oy_ = 0;
};

}  // namespace lonesim::viz
