#pragma once
// A world's state, written to or read from a group of an HDF5 file (issue 20, state
// files). The model says what its state is in one function per part, used both ways
// (`a.loading()` tells which), so saving and loading cannot drift apart. Numbers are
// stored as typed 1-D datasets named after their fields (readable with h5py); records
// (plain structs) as bytes with their size. Reading checks each dataset's type and size
// and throws StateMismatch naming the dataset. This header does not include HDF5.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace lonesim {

struct StateMismatch : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class StateArchive {
public:
    // The group `group` of the open HDF5 file `file_id` (an hid_t), created when writing.
    static StateArchive writing(std::int64_t file_id, const std::string& group);
    static StateArchive reading(std::int64_t file_id, const std::string& group);
    StateArchive(StateArchive&&) noexcept;
    ~StateArchive();

    bool loading() const { return loading_; }
    StateArchive group(const std::string& name) const;  // a subgroup, the same way
    bool has(const std::string& name) const;

    template <class T>
    void values(const std::string& name, std::vector<T>& v) {
        static_assert(std::is_trivially_copyable_v<T>, "a state column holds plain values");
        constexpr Kind kind = kind_of<T>();
        if (loading_) {
            const std::size_t n = read_count(name, kind, sizeof(T));
            v.resize(n);
            read(name, kind, sizeof(T), n, v.data());
        } else {
            write(name, kind, sizeof(T), v.size(), v.data());
        }
    }
    template <class T, std::size_t N>
    void values(const std::string& name, std::array<T, N>& a) {
        std::vector<T> v(a.begin(), a.end());
        values(name, v);
        if (loading_) {
            if (v.size() != N)
                throw StateMismatch(path_ + "/" + name + ": " + std::to_string(v.size()) + " values, expected " + std::to_string(N));
            std::copy(v.begin(), v.end(), a.begin());
        }
    }
    template <class T>
    void value(const std::string& name, T& x) {
        static_assert(std::is_trivially_copyable_v<T>, "a state value is a plain value");
        constexpr Kind kind = kind_of<T>();
        if (!loading_) return write(name, kind, sizeof(T), 1, &x);
        const std::size_t n = read_count(name, kind, sizeof(T));
        if (n != 1) throw StateMismatch(path_ + "/" + name + ": " + std::to_string(n) + " values, expected one");
        read(name, kind, sizeof(T), 1, &x);
    }
    void text(const std::string& name, std::string& s);

private:
    enum class Kind { unsigned_int, signed_int, real, bytes };
    template <class T>
    static constexpr Kind kind_of() {
        if constexpr (std::is_enum_v<T>)
            return std::is_signed_v<std::underlying_type_t<T>> ? Kind::signed_int : Kind::unsigned_int;
        else if constexpr (std::is_same_v<T, bool>)
            return Kind::unsigned_int;
        else if constexpr (std::is_floating_point_v<T>)
            return Kind::real;
        else if constexpr (std::is_integral_v<T>)
            return std::is_signed_v<T> ? Kind::signed_int : Kind::unsigned_int;
        else
            return Kind::bytes;
    }
    StateArchive(std::int64_t group_id, std::string path, bool loading);
    void write(const std::string& name, Kind kind, std::size_t size, std::size_t count, const void* data);
    std::size_t read_count(const std::string& name, Kind kind, std::size_t size) const;
    void read(const std::string& name, Kind kind, std::size_t size, std::size_t count, void* data) const;

    std::int64_t group_ = -1;  // owned hid_t
    std::string path_;
    bool loading_ = false;
};

}  // namespace lonesim
