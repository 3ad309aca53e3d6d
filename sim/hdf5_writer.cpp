#include "sim/hdf5_writer.hpp"

#include <H5DSpublic.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace lonesim::h5 {
namespace {
struct QuietErrors {
    QuietErrors() {
        // HDF5 1.10 can crash in its exit handler after a failed write (a full disk)
        // left a file half-closed; every object is closed explicitly instead.
        H5dont_atexit();
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
};
const QuietErrors quiet;

void check(herr_t status, const std::string& what) {
    if (status < 0) throw H5Error("HDF5 failed to " + what);
}

void write_attribute(hid_t obj, const std::string& name, hid_t type, const void* value) {
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "make attribute space");
    if (H5Aexists(obj, name.c_str()) > 0) check(H5Adelete(obj, name.c_str()), "replace attribute " + name);
    Handle attr(H5Acreate2(obj, name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                "create attribute " + name);
    check(H5Awrite(attr.id(), type, value), "write attribute " + name);
}
}  // namespace

Handle::Handle(hid_t id, Closer close, const std::string& what) : id_(id), close_(close) {
    if (id < 0) throw H5Error("HDF5 failed to " + what);
}

Handle& Handle::operator=(Handle&& o) noexcept {
    if (this != &o) {
        reset();
        id_ = o.id_, close_ = o.close_;
        o.id_ = -1;
    }
    return *this;
}

void Handle::reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = -1;
}

void attribute(hid_t obj, const std::string& name, const std::string& value) {
    // Variable-length UTF-8, which h5py reads as str.
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(type.id(), H5T_VARIABLE), "make variable string");
    check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set UTF-8");
    const char* text = value.c_str();
    write_attribute(obj, name, type.id(), &text);
}
void attribute(hid_t obj, const std::string& name, std::int64_t value) {
    write_attribute(obj, name, H5T_NATIVE_INT64, &value);
}
void attribute(hid_t obj, const std::string& name, double value) {
    write_attribute(obj, name, H5T_NATIVE_DOUBLE, &value);
}

void Dataset::write(hid_t mem_type, const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count,
                    const void* data) {
    Handle file_space(H5Dget_space(id()), H5Sclose, "get space of " + path_);
    check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, offset.data(), nullptr, count.data(), nullptr),
          "select slab of " + path_);
    Handle mem_space(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose,
                     "make memory space");
    check(H5Dwrite(id(), mem_type, mem_space.id(), file_space.id(), H5P_DEFAULT, data), "write " + path_);
}

void Dataset::describe(const Meta& meta) {
    if (meta.dims.size() != dims_.size())
        throw H5Error(path_ + " has " + std::to_string(dims_.size()) + " dimension(s), " + std::to_string(meta.dims.size()) + " named");
    for (std::size_t k = 0; k < meta.dims.size(); ++k)
        check(H5DSset_label(id(), static_cast<unsigned>(k), meta.dims[k].c_str()), "label " + path_);
    // Also as one attribute, for readers that do not know dimension scales.
    std::string joined;
    for (const auto& n : meta.dims) joined += (joined.empty() ? "" : ",") + n;
    attribute(id(), "dimensions", joined);
    if (!meta.long_name.empty()) attribute(id(), "long_name", meta.long_name);
    if (!meta.units.empty()) attribute(id(), "units", meta.units);
}

File::File(const std::string& path)
    : h_(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create " + path),
      path_(path) {}

hid_t File::group(const std::string& path) {
    for (std::size_t k = 0; k < group_paths_.size(); ++k)
        if (group_paths_[k] == path) return groups_[k].id();
    const auto slash = path.rfind('/');
    if (slash != std::string::npos && slash > 0) group(path.substr(0, slash));
    Handle g = exists(id(), path) ? Handle(H5Gopen2(id(), path.c_str(), H5P_DEFAULT), H5Gclose, "open group " + path)
                                  : Handle(H5Gcreate2(id(), path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                                           "create group " + path);
    group_paths_.push_back(path);
    groups_.push_back(std::move(g));
    return groups_.back().id();
}

Dataset File::create(const std::string& path, hid_t file_type, const std::vector<hsize_t>& dims,
                     const std::vector<hsize_t>& chunk, int gzip_level) {
    const auto slash = path.rfind('/');
    if (slash != std::string::npos && slash > 0) group(path.substr(0, slash));
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                 "make space for " + path);
    Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "make properties");
    bool empty = false;
    for (auto d : dims) empty |= d == 0;
    if (!empty) {
        std::vector<hsize_t> c(chunk);
        for (std::size_t k = 0; k < c.size(); ++k) c[k] = std::max<hsize_t>(1, std::min(c[k], dims[k]));
        check(H5Pset_chunk(props.id(), static_cast<int>(c.size()), c.data()), "chunk " + path);
        if (gzip_level > 0) {
            check(H5Pset_shuffle(props.id()), "shuffle " + path);
            check(H5Pset_deflate(props.id(), static_cast<unsigned>(gzip_level)), "compress " + path);
        }
    }
    // A real array's empty cells read as NaN, and say so (_FillValue, as netCDF has it).
    const bool real = H5Tget_class(file_type) == H5T_FLOAT;
    const double nan = std::nan("");
    if (real) check(H5Pset_fill_value(props.id(), H5T_NATIVE_DOUBLE, &nan), "set fill value of " + path);
    Handle d(H5Dcreate2(id(), path.c_str(), file_type, space.id(), H5P_DEFAULT, props.id(), H5P_DEFAULT),
             H5Dclose, "create dataset " + path);
    if (real) {
        Handle scalar(H5Screate(H5S_SCALAR), H5Sclose, "make attribute space");
        Handle fill(H5Acreate2(d.id(), "_FillValue", file_type, scalar.id(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                    "create _FillValue of " + path);
        check(H5Awrite(fill.id(), H5T_NATIVE_DOUBLE, &nan), "write _FillValue of " + path);
    }
    return Dataset(std::move(d), path, dims);
}

void File::coordinate(const std::string& name, const std::vector<std::int64_t>& values, const std::string& long_name,
                      const std::string& units, const std::string& under) {
    Coordinate c;
    c.name = name, c.under = under, c.ints = values, c.long_name = long_name, c.units = units;
    coordinates_.push_back(std::move(c));
}

void File::coordinate(const std::string& name, const std::vector<double>& values, const std::string& long_name,
                      const std::string& units, const std::string& under) {
    Coordinate c;
    c.name = name, c.under = under, c.reals = values, c.is_real = true, c.long_name = long_name, c.units = units;
    coordinates_.push_back(std::move(c));
}

void File::coordinate(const std::string& name, const std::vector<std::string>& values, const std::string& long_name,
                      const std::string& under) {
    Coordinate c;
    c.name = name, c.under = under, c.texts = values, c.is_text = true, c.long_name = long_name;
    coordinates_.push_back(std::move(c));
}

std::vector<std::int64_t> count_from_zero(std::size_t n) {
    std::vector<std::int64_t> v(n);
    for (std::size_t k = 0; k < n; ++k) v[k] = static_cast<std::int64_t>(k);
    return v;
}

// The coordinate `name` of `size` values at `path`: the declared one, or 0 .. size - 1.
void File::write_coordinate(const std::string& path, const std::string& name, hsize_t size) {
    const Coordinate* declared = nullptr;
    for (const Coordinate& c : coordinates_)
        if (c.name == name && c.size() == size && path.rfind(c.under, 0) == 0 && (!declared || c.under.size() > declared->under.size()))
            declared = &c;
    if (declared) {
        const Coordinate& c = *declared;
        const Meta meta{{name}, c.long_name, c.units};
        if (c.is_text) write_strings(path, c.texts, meta);
        else if (c.is_real) write_vector(path, c.reals, meta, 0);
        else write_vector(path, c.ints, meta, 0);
    } else {
        write_vector(path, count_from_zero(size), Meta{{name}, name + " (a number from 0)", "1"}, 4);
    }
    Handle d(H5Dopen2(id(), path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
    check(H5DSset_scale(d.id(), name.c_str()), "make " + path + " a dimension scale");
}

namespace {
herr_t collect_dataset(hid_t, const char* name, const H5O_info_t* info, void* paths) {
    if (info->type == H5O_TYPE_DATASET) static_cast<std::vector<std::string>*>(paths)->push_back(std::string("/") + name);
    return 0;
}

hsize_t length_of(hid_t dataset) {
    Handle space(H5Dget_space(dataset), H5Sclose, "get space");
    if (H5Sget_simple_extent_ndims(space.id()) != 1) return static_cast<hsize_t>(-1);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space.id(), &n, nullptr);
    return n;
}
}  // namespace

void File::attach_dimension_scales() {
    if (!dimension_scales_) return;
    std::vector<std::string> paths;
    check(H5Ovisit2(id(), H5_INDEX_NAME, H5_ITER_INC, collect_dataset, &paths, H5O_INFO_BASIC), "list the arrays of " + path_);
    for (const std::string& path : paths) {
        Handle d(H5Dopen2(id(), path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
        if (H5DSis_scale(d.id()) > 0) continue;
        Handle space(H5Dget_space(d.id()), H5Sclose, "get space of " + path);
        const int rank = H5Sget_simple_extent_ndims(space.id());
        if (rank <= 0) continue;
        std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
        H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
        const auto slash = path.rfind('/');
        const std::string folder = path.substr(0, slash + 1), base = path.substr(slash + 1);
        for (int k = 0; k < rank; ++k) {
            if (H5DSget_num_scales(d.id(), static_cast<unsigned>(k)) > 0) continue;
            char label[256] = {};
            const ssize_t got = H5DSget_label(d.id(), static_cast<unsigned>(k), label, sizeof label);
            std::string name = got > 0 ? std::string(label) : base + "_dim" + std::to_string(k);
            const hsize_t n = dims[static_cast<std::size_t>(k)];
            // A dimension of another length, or an array, under the name already: the name with its length.
            for (int attempt = 0; attempt < 2; ++attempt) {
                if (!exists(id(), folder + name)) write_coordinate(folder + name, name, n);
                H5O_info_t info;
                const bool dataset = H5Oget_info_by_name2(id(), (folder + name).c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) >= 0 &&
                                     info.type == H5O_TYPE_DATASET;
                if (dataset) {
                    Handle scale(H5Dopen2(id(), (folder + name).c_str(), H5P_DEFAULT), H5Dclose, "open " + folder + name);
                    if (H5DSis_scale(scale.id()) > 0 && length_of(scale.id()) == n) {
                        check(H5DSattach_scale(d.id(), scale.id(), static_cast<unsigned>(k)), "attach " + name + " to " + path);
                        break;
                    }
                }
                if (attempt == 1) throw H5Error("no dimension " + name + " of length " + std::to_string(n) + " for " + path);
                name += "_" + std::to_string(n);
            }
        }
    }
}

void File::write_strings(const std::string& path, const std::vector<std::string>& v, const Meta& meta) {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(type.id(), H5T_VARIABLE), "make variable string");
    check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set UTF-8");
    std::vector<const char*> ptrs;
    for (const auto& s : v) ptrs.push_back(s.c_str());
    Dataset d = create(path, type.id(), {v.size()}, {v.size()}, 0);
    if (!v.empty()) d.write(type.id(), {0}, {v.size()}, ptrs.data());
    d.describe(meta);
}

bool exists(hid_t loc, const std::string& path) {
    // Each link on the way must exist before the next is asked for.
    for (std::size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
        const std::string part = slash == std::string::npos ? path : path.substr(0, slash);
        if (H5Lexists(loc, part.c_str(), H5P_DEFAULT) <= 0) return false;
        if (slash == std::string::npos) return true;
    }
}

void copy_object(hid_t from, const std::string& from_path, hid_t to, const std::string& to_path) {
    Handle links(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "make link properties");
    check(H5Pset_create_intermediate_group(links.id(), 1), "make link properties");
    check(H5Ocopy(from, from_path.c_str(), to, to_path.c_str(), H5P_DEFAULT, links.id()), "copy " + from_path + " to " + to_path);
}

void File::flush() { check(H5Fflush(id(), H5F_SCOPE_GLOBAL), "flush " + path_); }

void File::close() {
    groups_.clear();
    group_paths_.clear();
    if (h_.id() >= 0) {
        flush();
        // Close explicitly to see the error (a full disk shows up here).
        check(H5Fclose(h_.release()), "close " + path_);
    }
}

void File::write_table(const std::string& path, const std::vector<Column>& columns, const Meta& meta) {
    std::size_t rows = 0, size = 0;
    std::vector<std::size_t> offsets, widths;
    for (const auto& c : columns) {
        rows = std::max({c.ints.size(), c.reals.size(), c.texts.size()});
        std::size_t width = 8;
        if (!c.texts.empty()) {
            width = 1;
            for (const auto& t : c.texts) width = std::max(width, t.size() + 1);
        }
        offsets.push_back(size);
        widths.push_back(width);
        size += width;
    }
    Handle type(H5Tcreate(H5T_COMPOUND, size), H5Tclose, "make table type for " + path);
    std::vector<Handle> string_types;
    for (std::size_t k = 0; k < columns.size(); ++k) {
        const auto& c = columns[k];
        hid_t member = c.ints.empty() ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
        if (!c.texts.empty()) {
            string_types.emplace_back(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
            check(H5Tset_size(string_types.back().id(), widths[k]), "size string column");
            check(H5Tset_cset(string_types.back().id(), H5T_CSET_UTF8), "set UTF-8");
            member = string_types.back().id();
        }
        check(H5Tinsert(type.id(), c.name.c_str(), offsets[k], member), "add column " + c.name);
    }
    std::vector<char> buffer(rows * size, 0);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t k = 0; k < columns.size(); ++k) {
            char* at = buffer.data() + r * size + offsets[k];
            const auto& c = columns[k];
            if (!c.texts.empty()) c.texts[r].copy(at, c.texts[r].size());
            else if (!c.ints.empty()) std::memcpy(at, &c.ints[r], 8);
            else std::memcpy(at, &c.reals[r], 8);
        }
    Dataset d = create(path, type.id(), {rows}, {rows}, 0);
    if (rows) d.write(type.id(), {0}, {rows}, buffer.data());
    d.describe(meta);
}

void File::external_link(const std::string& link_path, const std::string& file, const std::string& object) {
    const auto slash = link_path.rfind('/');
    if (slash != std::string::npos && slash > 0) group(link_path.substr(0, slash));
    check(H5Lcreate_external(file.c_str(), object.c_str(), id(), link_path.c_str(), H5P_DEFAULT, H5P_DEFAULT),
          "link " + link_path + " to " + file + ":" + object);
}

namespace {
// An attribute read into one value must hold one (a file of another program may hold an array).
void require_one_value(hid_t attribute, const std::string& name, const std::string& path) {
    Handle space(H5Aget_space(attribute), H5Sclose, "attribute space");
    if (H5Sget_simple_extent_npoints(space.id()) != 1) throw H5Error("attribute " + name + " of " + path + " is not a single value");
}
}  // namespace

InFile::InFile(const std::string& path) : h_(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path), path_(path) {}

bool InFile::has_attribute(const std::string& name) const { return H5Aexists(h_.id(), name.c_str()) > 0; }

std::int64_t InFile::int_attribute(const std::string& name) const {
    Handle a(H5Aopen(h_.id(), name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name + " of " + path_);
    require_one_value(a.id(), name, path_);
    std::int64_t v = 0;
    check(H5Aread(a.id(), H5T_NATIVE_INT64, &v), "read attribute " + name + " of " + path_);
    return v;
}

std::string InFile::string_attribute(const std::string& name) const { return string_attribute(".", name); }

bool InFile::exists(const std::string& path) const {
    std::string at;
    for (std::size_t k = 0; k <= path.size(); ++k) {
        if (k < path.size() && path[k] != '/') continue;
        at = path.substr(0, k);
        if (at.empty() || at == "/") continue;
        if (H5Lexists(h_.id(), at.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    return true;
}

std::vector<std::string> InFile::children(const std::string& group) const {
    Handle g(H5Gopen2(h_.id(), group.c_str(), H5P_DEFAULT), H5Gclose, "open " + group + " in " + path_);
    H5G_info_t info;
    check(H5Gget_info(g.id(), &info), "list " + group + " in " + path_);
    std::vector<std::string> names;
    for (hsize_t k = 0; k < info.nlinks; ++k) {
        const ssize_t n = H5Lget_name_by_idx(g.id(), ".", H5_INDEX_NAME, H5_ITER_INC, k, nullptr, 0, H5P_DEFAULT);
        if (n < 0) throw H5Error("list " + group + " in " + path_);
        std::string name(static_cast<std::size_t>(n), '\0');
        if (H5Lget_name_by_idx(g.id(), ".", H5_INDEX_NAME, H5_ITER_INC, k, name.data(), static_cast<std::size_t>(n) + 1, H5P_DEFAULT) < 0)
            throw H5Error("list " + group + " in " + path_);
        names.push_back(name);
    }
    return names;
}

std::vector<hsize_t> InFile::shape(const std::string& dataset) const {
    Handle d(H5Dopen2(h_.id(), dataset.c_str(), H5P_DEFAULT), H5Dclose, "open " + dataset + " in " + path_);
    Handle space(H5Dget_space(d.id()), H5Sclose, "dataset space");
    const int rank = H5Sget_simple_extent_ndims(space.id());
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    if (rank > 0) H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
    return dims;
}

std::string InFile::string_attribute(const std::string& object, const std::string& name) const {
    Handle a(H5Aopen_by_name(h_.id(), object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
             "open attribute " + name + " of " + object + " in " + path_);
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(type.id(), H5T_VARIABLE), "make variable string");
    check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set UTF-8");
    require_one_value(a.id(), name, path_);
    char* text = nullptr;
    check(H5Aread(a.id(), type.id(), &text), "read attribute " + name + " of " + path_);
    std::string out = text ? text : "";
    Handle space(H5Aget_space(a.id()), H5Sclose, "attribute space");
    H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, &text);
    return out;
}

std::vector<double> InFile::doubles(const std::string& dataset) const {
    Handle d(H5Dopen2(h_.id(), dataset.c_str(), H5P_DEFAULT), H5Dclose, "open " + dataset + " in " + path_);
    Handle space(H5Dget_space(d.id()), H5Sclose, "dataset space");
    const hssize_t n = H5Sget_simple_extent_npoints(space.id());
    std::vector<double> v(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
    if (n > 0) check(H5Dread(d.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "read " + dataset + " in " + path_);
    return v;
}

std::vector<std::string> InFile::strings(const std::string& dataset) const {
    Handle d(H5Dopen2(h_.id(), dataset.c_str(), H5P_DEFAULT), H5Dclose, "open " + dataset + " in " + path_);
    Handle space(H5Dget_space(d.id()), H5Sclose, "dataset space");
    const hssize_t n = H5Sget_simple_extent_npoints(space.id());
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    check(H5Tset_size(type.id(), H5T_VARIABLE), "make variable string");
    check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "set UTF-8");
    std::vector<char*> raw(static_cast<std::size_t>(std::max<hssize_t>(n, 0)), nullptr);
    if (n > 0) check(H5Dread(d.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "read " + dataset + " in " + path_);
    std::vector<std::string> out;
    for (char* t : raw) out.emplace_back(t ? t : "");
    if (n > 0) H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, raw.data());
    return out;
}

}  // namespace lonesim::h5
