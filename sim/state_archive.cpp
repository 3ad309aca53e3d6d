#include "sim/state_archive.hpp"

#include <hdf5.h>

#include <algorithm>

#include "sim/hdf5_writer.hpp"

namespace lonesim {
namespace {

hid_t memory_type(int kind, std::size_t size) {
    switch (kind) {
        case 0:  // unsigned
            return size == 1 ? H5T_NATIVE_UINT8 : size == 2 ? H5T_NATIVE_UINT16 : size == 4 ? H5T_NATIVE_UINT32 : H5T_NATIVE_UINT64;
        case 1:
            return size == 1 ? H5T_NATIVE_INT8 : size == 2 ? H5T_NATIVE_INT16 : size == 4 ? H5T_NATIVE_INT32 : H5T_NATIVE_INT64;
        case 2:
            return size == 4 ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE;
        default:
            return H5T_NATIVE_UINT8;
    }
}

}  // namespace

StateArchive::StateArchive(std::int64_t group_id, std::string path, bool loading)
    : group_(group_id), path_(std::move(path)), loading_(loading) {}
StateArchive::StateArchive(StateArchive&& o) noexcept : group_(o.group_), path_(std::move(o.path_)), loading_(o.loading_) { o.group_ = -1; }
StateArchive::~StateArchive() {
    if (group_ >= 0) H5Gclose(group_);
}

StateArchive StateArchive::writing(std::int64_t file_id, const std::string& group) {
    const hid_t g = H5Gcreate2(file_id, group.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) throw h5::H5Error("cannot create group " + group);
    return StateArchive(g, group, false);
}

StateArchive StateArchive::reading(std::int64_t file_id, const std::string& group) {
    if (H5Lexists(file_id, group.c_str(), H5P_DEFAULT) <= 0) throw StateMismatch(group + ": missing");
    const hid_t g = H5Gopen2(file_id, group.c_str(), H5P_DEFAULT);
    if (g < 0) throw StateMismatch(group + ": not a group");
    return StateArchive(g, group, true);
}

StateArchive StateArchive::group(const std::string& name) const {
    StateArchive sub = loading_ ? reading(group_, name) : writing(group_, name);
    sub.path_ = path_ + "/" + name;
    return sub;
}

bool StateArchive::has(const std::string& name) const { return H5Lexists(group_, name.c_str(), H5P_DEFAULT) > 0; }

void StateArchive::write(const std::string& name, Kind kind, std::size_t size, std::size_t count, const void* data) {
    const bool bytes = kind == Kind::bytes;
    const hsize_t n = bytes ? count * size : count;
    const hid_t type = memory_type(static_cast<int>(kind), size);
    h5::Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "space for " + path_ + "/" + name);
    h5::Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "properties");
    if (n > 0) {
        // Chunks of 1 MiB or less, with a checksum (a damaged chunk fails to read), shuffled
        // and lightly compressed: columns of small integers shrink several times.
        const hsize_t chunk = std::min<hsize_t>(n, std::max<hsize_t>(1, (1u << 20) / (bytes ? 1 : size)));
        if (H5Pset_chunk(props.id(), 1, &chunk) < 0 || H5Pset_fletcher32(props.id()) < 0 || H5Pset_shuffle(props.id()) < 0 ||
            H5Pset_deflate(props.id(), 1) < 0)
            throw h5::H5Error("cannot set up " + path_ + "/" + name);
    }
    h5::Handle d(H5Dcreate2(group_, name.c_str(), type, space.id(), H5P_DEFAULT, props.id(), H5P_DEFAULT), H5Dclose,
                 "create " + path_ + "/" + name);
    if (bytes) h5::attribute(d.id(), "record_bytes", static_cast<std::int64_t>(size));
    if (n > 0 && H5Dwrite(d.id(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) throw h5::H5Error("cannot write " + path_ + "/" + name);
}

std::size_t StateArchive::read_count(const std::string& name, Kind kind, std::size_t size) const {
    const std::string where = path_ + "/" + name;
    if (!has(name)) throw StateMismatch(where + ": missing");
    h5::Handle d(H5Dopen2(group_, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + where);
    h5::Handle type(H5Dget_type(d.id()), H5Tclose, "type of " + where);
    const bool bytes = kind == Kind::bytes;
    const H5T_class_t want = kind == Kind::real ? H5T_FLOAT : H5T_INTEGER;
    const std::size_t want_size = bytes ? 1 : size;
    if (H5Tget_class(type.id()) != want || H5Tget_size(type.id()) != want_size)
        throw StateMismatch(where + ": stored as another type (a state of another version of lonesim?)");
    if (kind == Kind::unsigned_int || kind == Kind::signed_int) {
        const bool is_signed = H5Tget_sign(type.id()) == H5T_SGN_2;
        if (is_signed != (kind == Kind::signed_int)) throw StateMismatch(where + ": stored with another sign");
    }
    h5::Handle space(H5Dget_space(d.id()), H5Sclose, "space of " + where);
    if (H5Sget_simple_extent_ndims(space.id()) != 1) throw StateMismatch(where + ": not a column");
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space.id(), &n, nullptr);
    if (bytes) {
        std::int64_t record = 0;
        h5::Handle a(H5Aopen(d.id(), "record_bytes", H5P_DEFAULT), H5Aclose, "record size of " + where);
        if (H5Aread(a.id(), H5T_NATIVE_INT64, &record) < 0 || record != static_cast<std::int64_t>(size) || n % size != 0)
            throw StateMismatch(where + ": records of another size (a state of another version of lonesim?)");
        return static_cast<std::size_t>(n / size);
    }
    return static_cast<std::size_t>(n);
}

void StateArchive::read(const std::string& name, Kind kind, std::size_t size, std::size_t count, void* data) const {
    if (count == 0) return;
    const std::string where = path_ + "/" + name;
    h5::Handle d(H5Dopen2(group_, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + where);
    if (H5Dread(d.id(), memory_type(static_cast<int>(kind), size), H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
        throw StateMismatch(where + ": cannot be read (the file is damaged)");
}

void StateArchive::text(const std::string& name, std::string& s) {
    std::vector<char> v(s.begin(), s.end());
    values(name, v);
    if (loading_) s.assign(v.begin(), v.end());
}

}  // namespace lonesim
