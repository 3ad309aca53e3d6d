#pragma once
// A thin RAII layer over the HDF5 C API for what lonesim writes: groups, attributes,
// chunked compressed datasets written in slabs, named dimensions and small tables.
// Every failure throws H5Error with the object's path; HDF5's own error printing is off.
//
// Files read as netCDF-4 (xarray with h5netcdf, netCDF-C): every array names its
// dimensions and says what it holds (Meta: long_name, units); File::attach_dimension_scales,
// run before a result file is closed, gives each group the coordinates of the dimensions its
// arrays use, as HDF5 dimension scales: the values declared with File::coordinate (dates as
// "days since", district names, replicate numbers) or, for a dimension declared nowhere,
// 0, 1, 2, ... Real arrays declare NaN as their fill value (an empty cell is NaN).
#include <hdf5.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace lonesim::h5 {

struct H5Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Handle() = default;
    Handle(hid_t id, Closer close, const std::string& what);
    Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
    Handle& operator=(Handle&& o) noexcept;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { reset(); }
    hid_t id() const { return id_; }
    void reset();
    hid_t release() {
        const hid_t id = id_;
        id_ = -1;
        return id;
    }

private:
    hid_t id_ = -1;
    Closer close_ = nullptr;
};

// Attributes on any object (file root, group or dataset).
void attribute(hid_t obj, const std::string& name, const std::string& value);
void attribute(hid_t obj, const std::string& name, std::int64_t value);
void attribute(hid_t obj, const std::string& name, double value);

// Whether `path` (absolute, from the file's root) names an object under loc.
bool exists(hid_t loc, const std::string& path);
// Copies the object (a dataset or a whole group) at from_path under `from` to to_path under
// `to` (another open file, say), making the groups on the way.
void copy_object(hid_t from, const std::string& from_path, hid_t to, const std::string& to_path);

// 0, 1, ..., n - 1: a coordinate of numbered things (days, degrees, rows).
std::vector<std::int64_t> count_from_zero(std::size_t n);

// What an array holds, for netCDF readers: one dimension name per axis (the coordinate it
// is read against), a long name and CF units ("1" for a share or a plain number, "days",
// "KRW", "households"; empty for text, which has none).
struct Meta {
    std::vector<std::string> dims;
    std::string long_name;
    std::string units;
};

template <class T> hid_t native_type();
template <> inline hid_t native_type<float>() { return H5T_NATIVE_FLOAT; }
template <> inline hid_t native_type<double>() { return H5T_NATIVE_DOUBLE; }
template <> inline hid_t native_type<std::int32_t>() { return H5T_NATIVE_INT32; }
template <> inline hid_t native_type<std::int64_t>() { return H5T_NATIVE_INT64; }
template <> inline hid_t native_type<std::uint8_t>() { return H5T_NATIVE_UINT8; }
template <> inline hid_t native_type<std::uint16_t>() { return H5T_NATIVE_UINT16; }
template <> inline hid_t native_type<std::uint32_t>() { return H5T_NATIVE_UINT32; }

class Dataset {
public:
    Dataset() = default;
    Dataset(Handle h, std::string path, std::vector<hsize_t> dims)
        : h_(std::move(h)), path_(std::move(path)), dims_(std::move(dims)) {}
    hid_t id() const { return h_.id(); }
    // Write a hyperslab starting at offset with the given extent.
    void write(hid_t mem_type, const std::vector<hsize_t>& offset, const std::vector<hsize_t>& count,
               const void* data);
    // Names the dimensions and says what the array holds (see Meta).
    void describe(const Meta& meta);

private:
    Handle h_;
    std::string path_;
    std::vector<hsize_t> dims_;
};

class File {
public:
    // Creates (truncating) a file.
    explicit File(const std::string& path);
    hid_t id() const { return h_.id(); }
    const std::string& path() const { return path_; }
    hid_t group(const std::string& path);  // creates intermediate groups; owned by File
    Dataset create(const std::string& path, hid_t file_type, const std::vector<hsize_t>& dims,
                   const std::vector<hsize_t>& chunk, int gzip_level);
    // A whole 1-D dataset in one call.
    template <class T>
    void write_vector(const std::string& path, const std::vector<T>& v, const Meta& meta, int gzip_level = 4) {
        const hsize_t n = v.size();
        Dataset d = create(path, native_type<T>(), {n}, {n > 0 ? std::min<hsize_t>(n, 65536) : 1}, gzip_level);
        if (n > 0) d.write(native_type<T>(), {0}, {n}, v.data());
        d.describe(meta);
    }
    void write_strings(const std::string& path, const std::vector<std::string>& v, const Meta& meta);
    // The values along dimension `name` wherever an array uses it (see the top of this file),
    // in the groups under `under` (the longest such declaration wins). Dates: day numbers
    // with units "days since YYYY-MM-DD".
    void coordinate(const std::string& name, const std::vector<std::int64_t>& values, const std::string& long_name,
                    const std::string& units, const std::string& under = "/");
    void coordinate(const std::string& name, const std::vector<double>& values, const std::string& long_name,
                    const std::string& units, const std::string& under = "/");
    void coordinate(const std::string& name, const std::vector<std::string>& values, const std::string& long_name,
                    const std::string& under = "/");
    // Gives every array's dimensions their coordinates (dimension scales in the array's own
    // group); run once, when everything is written. An axis with no name is named
    // ARRAY_dimK (lonesim names all of its own; the test of the files checks that). Does
    // nothing in a file marked without_dimension_scales (a state file: lonesim's own, read
    // only by lonesim, its arrays checksummed as they are).
    void attach_dimension_scales();
    void without_dimension_scales() { dimension_scales_ = false; }
    // A table (compound dataset) of named columns, for pandas.DataFrame(f[path][:]).
    struct Column {
        std::string name;
        std::vector<std::int64_t> ints;
        std::vector<double> reals;
        std::vector<std::string> texts;  // stored as fixed-length UTF-8
    };
    // meta.dims: the table's one dimension (its rows).
    void write_table(const std::string& path, const std::vector<Column>& columns, const Meta& meta);
    // A link at link_path to object in another file (a path relative to this file's folder).
    void external_link(const std::string& link_path, const std::string& file, const std::string& object);
    void flush();
    void close();

private:
    struct Coordinate {
        std::string name, under;
        std::vector<std::int64_t> ints;
        std::vector<double> reals;
        std::vector<std::string> texts;
        bool is_text = false, is_real = false;
        std::string long_name, units;
        std::size_t size() const { return is_text ? texts.size() : is_real ? reals.size() : ints.size(); }
    };
    void write_coordinate(const std::string& path, const std::string& name, hsize_t size);
    Handle h_;
    std::string path_;
    std::vector<Handle> groups_;
    std::vector<std::string> group_paths_;
    std::vector<Coordinate> coordinates_;
    bool dimension_scales_ = true;
};

// Reading back what lonesim wrote (run files of a batch, for resuming and assembling).
class InFile {
public:
    explicit InFile(const std::string& path);  // read-only; throws H5Error
    hid_t id() const { return h_.id(); }
    bool has_attribute(const std::string& name) const;
    std::int64_t int_attribute(const std::string& name) const;
    std::string string_attribute(const std::string& name) const;
    std::string string_attribute(const std::string& object, const std::string& name) const;  // of a group or dataset
    bool exists(const std::string& path) const;  // a group or dataset, every link on the way
    std::vector<std::string> children(const std::string& group) const;  // names, in creation order
    std::vector<hsize_t> shape(const std::string& dataset) const;
    std::vector<double> doubles(const std::string& dataset) const;  // any shape, flattened
    std::vector<std::string> strings(const std::string& dataset) const;

private:
    Handle h_;
    std::string path_;
};

}  // namespace lonesim::h5
