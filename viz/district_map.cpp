#include "viz/district_map.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "sim/csv.hpp"
#include "sim/input_error.hpp"

namespace lonesim::viz {

namespace {

double cross(Point o, Point a, Point b) { return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x); }

double signed_area(const std::vector<Point>& ring) {
    double s = 0;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) s += ring[j].x * ring[i].y - ring[i].x * ring[j].y;
    return s / 2;
}

bool in_triangle(Point p, Point a, Point b, Point c) {
    return cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0;
}

// Distance from p to the segment ab, in the plane (x scaled by kx).
double segment_distance(Point p, Point a, Point b, double kx) {
    const double ax = a.x * kx, bx = b.x * kx, px = p.x * kx;
    const double dx = bx - ax, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(((px - ax) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    return std::hypot(px - (ax + t * dx), p.y - (a.y + t * dy));
}

}  // namespace

Point pole_of_inaccessibility(const std::vector<Point>& ring) {
    // The inside point farthest from the outline, on a grid fine enough for a label.
    double x0 = ring[0].x, x1 = x0, y0 = ring[0].y, y1 = y0;
    for (const Point& p : ring) x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    const double kx = std::cos((y0 + y1) / 2 * 3.14159265358979323846 / 180);
    constexpr int kGrid = 64;
    Point best = ring[0];
    double farthest = -1;
    for (int i = 0; i <= kGrid; ++i)
        for (int j = 0; j <= kGrid; ++j) {
            const Point p{x0 + (x1 - x0) * i / kGrid, y0 + (y1 - y0) * j / kGrid};
            if (!contains(ring, p)) continue;
            double d = std::numeric_limits<double>::infinity();
            for (std::size_t a = 0, b = ring.size() - 1; a < ring.size(); b = a++) d = std::min(d, segment_distance(p, ring[a], ring[b], kx));
            if (d > farthest) farthest = d, best = p;
        }
    return best;
}

std::vector<std::array<int, 3>> triangulate(const std::vector<Point>& ring) {
    std::vector<std::array<int, 3>> out;
    std::vector<int> idx(ring.size());
    for (std::size_t i = 0; i < ring.size(); ++i) idx[i] = static_cast<int>(i);
    if (signed_area(ring) < 0) std::reverse(idx.begin(), idx.end());
    // Ear clipping: cut off a convex corner with no other vertex inside, until three
    // are left. A pass without an ear (a degenerate outline) cuts the flattest corner.
    while (idx.size() > 3) {
        const std::size_t n = idx.size();
        bool cut = false;
        for (std::size_t k = 0; k < n && !cut; ++k) {
            const int a = idx[(k + n - 1) % n], b = idx[k], c = idx[(k + 1) % n];
            const Point pa = ring[static_cast<std::size_t>(a)], pb = ring[static_cast<std::size_t>(b)], pc = ring[static_cast<std::size_t>(c)];
            if (cross(pa, pb, pc) <= 0) continue;  // reflex or flat
            bool empty = true;
            for (std::size_t m = 0; m < n && empty; ++m) {
                const int v = idx[m];
                if (v == a || v == b || v == c) continue;
                if (in_triangle(ring[static_cast<std::size_t>(v)], pa, pb, pc)) empty = false;
            }
            if (!empty) continue;
            out.push_back({a, b, c});
            idx.erase(idx.begin() + static_cast<std::ptrdiff_t>(k));
            cut = true;
        }
        if (!cut) {
            std::size_t best = 0;
            double flattest = std::numeric_limits<double>::infinity();
            for (std::size_t k = 0; k < n; ++k) {
                const double area = std::abs(cross(ring[static_cast<std::size_t>(idx[(k + n - 1) % n])], ring[static_cast<std::size_t>(idx[k])],
                                                   ring[static_cast<std::size_t>(idx[(k + 1) % n])]));
                if (area < flattest) flattest = area, best = k;
            }
            out.push_back({idx[(best + n - 1) % n], idx[best], idx[(best + 1) % n]});
            idx.erase(idx.begin() + static_cast<std::ptrdiff_t>(best));
        }
    }
    if (idx.size() == 3) out.push_back({idx[0], idx[1], idx[2]});
    return out;
}

bool contains(const std::vector<Point>& ring, Point p) {
    bool in = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const Point a = ring[i], b = ring[j];
        if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
    return in;
}

DistrictMap::DistrictMap(const SeoulData& seoul, const std::string& boundaries_csv) {
    const CsvTable t = read_csv(boundaries_csv);
    std::map<int, std::vector<Point>> rings;
    for (std::size_t r = 0; r < t.rows.size(); ++r)
        if (t.number(r, "ring") == 0)
            rings[static_cast<int>(t.number(r, "district_code"))].push_back({t.number(r, "lon"), t.number(r, "lat")});
    lon_min_ = lat_min_ = std::numeric_limits<double>::infinity();
    lon_max_ = lat_max_ = -std::numeric_limits<double>::infinity();
    for (const auto& d : seoul.districts) {
        auto it = rings.find(d.code);
        if (it == rings.end() || it->second.size() < 3)
            throw InputError(boundaries_csv, 0, "district_code", "no outline for district " + std::to_string(d.code) + " (" + d.name + ")");
        DistrictShape s;
        s.ring = std::move(it->second);
        if (s.ring.size() > 3 && s.ring.front().x == s.ring.back().x && s.ring.front().y == s.ring.back().y) s.ring.pop_back();
        if (signed_area(s.ring) < 0) std::reverse(s.ring.begin(), s.ring.end());
        s.triangles = triangulate(s.ring);
        s.inside = pole_of_inaccessibility(s.ring);
        for (const Point& p : s.ring) {
            lon_min_ = std::min(lon_min_, p.x), lon_max_ = std::max(lon_max_, p.x);
            lat_min_ = std::min(lat_min_, p.y), lat_max_ = std::max(lat_max_, p.y);
        }
        shapes_.push_back(std::move(s));
    }
    kx_ = std::cos((lat_min_ + lat_max_) / 2 * 3.14159265358979323846 / 180);
}

void DistrictMap::fit(double x0, double y0, double width, double height) {
    const double w = (lon_max_ - lon_min_) * kx_, h = lat_max_ - lat_min_;
    scale_ = std::min(width / w, height / h);
    ox_ = x0 + (width - w * scale_) / 2;
    oy_ = y0 + (height - h * scale_) / 2;
}

Point DistrictMap::to_screen(Point p) const { return {ox_ + (p.x - lon_min_) * kx_ * scale_, oy_ + (lat_max_ - p.y) * scale_}; }

Point DistrictMap::to_lonlat(Point s) const { return {lon_min_ + (s.x - ox_) / scale_ / kx_, lat_max_ - (s.y - oy_) / scale_}; }

int DistrictMap::district_at(Point screen) const {
    const Point p = to_lonlat(screen);
    for (std::size_t d = 0; d < shapes_.size(); ++d)
        if (contains(shapes_[d].ring, p)) return static_cast<int>(d);
    return -1;
}

}  // namespace lonesim::viz
