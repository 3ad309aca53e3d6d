#include "viz/capture.hpp"

#include <GLFW/glfw3.h>
#include <fcntl.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>

namespace lonesim::viz {

// The window's back buffer, top row first (RGBA).
std::vector<unsigned char> read_pixels(int width, int height) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    const std::size_t row = static_cast<std::size_t>(width) * 4;
    std::vector<unsigned char> flipped(pixels.size());
    for (int y = 0; y < height; ++y)
        std::copy_n(pixels.data() + static_cast<std::size_t>(height - 1 - y) * row, row, flipped.data() + static_cast<std::size_t>(y) * row);
    return flipped;
}

// A partial file of ours beside path, created new (never an existing file, never through a
// link): path.partial.PID.N; its descriptor (or -1) and name.
int create_partial(const std::string& path, std::string& partial) {
    for (int n = 0; n < 100; ++n) {
        partial = path + ".partial." + std::to_string(getpid()) + "." + std::to_string(n);
        const int fd = open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0 || errno != EEXIST) return fd;
    }
    return -1;
}

// A finished partial file of ours put in place under its name only if nothing has that
// name (rename without replacing; a hard link where the file system has no such rename).
// False if it is not in place: the name was taken (the partial file removed), or the file
// system refused (the partial file kept, and said).
bool put_in_place(const std::string& partial, const std::string& path) {
    if (renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return true;
    int err = errno;
    if (err == EINVAL || err == ENOSYS) {
        if (link(partial.c_str(), path.c_str()) == 0) {
            unlink(partial.c_str());
            return true;
        }
        err = errno;
    }
    if (err == EEXIST) {
        unlink(partial.c_str());
        std::fprintf(stderr, "lonesim-viz: %s: exists (made meanwhile); lonesim-viz does not replace it\n", path.c_str());
    } else {
        std::fprintf(stderr, "lonesim-viz: %s: cannot be put in place (%s); the finished file is kept as %s\n", path.c_str(), std::strerror(err),
                     partial.c_str());
    }
    return false;
}

// The window's pixels as a PNG, written into a partial file of ours and put in place whole;
// never over an existing file.
bool save_screenshot(const std::string& path, int width, int height) {
    const auto pixels = read_pixels(width, height);
    std::string partial;
    const int fd = create_partial(path, partial);
    if (fd < 0) return false;
    struct Sink {
        int fd;
        bool ok = true;
    } sink{fd};
    const auto write_all = [](void* context, void* data, int size) {
        auto* s = static_cast<Sink*>(context);
        const char* p = static_cast<const char*>(data);
        for (std::size_t left = static_cast<std::size_t>(size); s->ok && left > 0;) {
            const ssize_t n = write(s->fd, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) s->ok = false;
            else p += n, left -= static_cast<std::size_t>(n);
        }
    };
    const bool written = stbi_write_png_to_func(write_all, &sink, width, height, 4, pixels.data(), width * 4) && sink.ok;
    const bool closed = close(fd) == 0;
    if (!written || !closed) {
        unlink(partial.c_str());
        return false;
    }
    return put_in_place(partial, path);
}

// A new PNG name in the current folder for the S key: lonesim-viz-YYYYMMDD-HHMMSS[-N].png.
std::string new_picture_name() {
    const std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    std::string name = std::string("lonesim-viz-") + stamp + ".png";
    std::error_code ec;
    for (int n = 2; std::filesystem::exists(std::filesystem::symlink_status(name, ec)) && n < 1000; ++n) name = std::string("lonesim-viz-") + stamp + "-" + std::to_string(n) + ".png";
    return name;
}

VideoRecorder::VideoRecorder(std::string path, int width, int height, int fps)
    : path_(std::move(path)), partial_fd_(create_partial(path_, partial_)), width_(width), height_(height),
      // -y: ffmpeg writes over the empty partial file just made, ours
      ffmpeg_({"/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba", "-s",
               std::to_string(width) + "x" + std::to_string(height), "-framerate", std::to_string(fps), "-i", "-", "-c:v", "libx264",
               "-preset", "veryfast", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", partial_}) {
    if (partial_fd_ >= 0) close(partial_fd_);
}

bool VideoRecorder::add(int width, int height) {
    if (failed_ || width != width_ || height != height_) return !failed_;
    const auto pixels = read_pixels(width, height);
    if (!ffmpeg_.write(pixels.data(), pixels.size())) failed_ = true;
    else ++frames_;
    return !failed_;
}

bool VideoRecorder::finish() {
    const int rc = ffmpeg_.finish();
    if (failed_ || rc != 0 || frames_ == 0 || partial_fd_ < 0) {
        if (partial_fd_ >= 0) unlink(partial_.c_str());
        return false;
    }
    return put_in_place(partial_, path_);
}

}  // namespace lonesim::viz
