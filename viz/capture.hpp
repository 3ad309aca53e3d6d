#pragma once
// What lonesim-viz keeps of its window: PNG pictures and H.264 videos, each written into a
// partial file of its own and put in place whole, never over an existing file.
#include <string>
#include <vector>

#include "sim/child_process.hpp"

namespace lonesim::viz {

// The window's back buffer, top row first (RGBA).
std::vector<unsigned char> read_pixels(int width, int height);

// A partial file of ours beside path, created new (never an existing file, never through a
// link): path.partial.PID.N; its descriptor (or -1) and name.
int create_partial(const std::string& path, std::string& partial);

// A finished partial file of ours put in place under its name only if nothing has that
// name (rename without replacing; a hard link where the file system has no such rename).
// False if it is not in place: the name was taken (the partial file removed), or the file
// system refused (the partial file kept, and said).
bool put_in_place(const std::string& partial, const std::string& path);

// The window's pixels as a PNG; never over an existing file.
bool save_screenshot(const std::string& path, int width, int height);

// A new PNG name in the current folder for the S key: lonesim-viz-YYYYMMDD-HHMMSS[-N].png.
std::string new_picture_name();

// --record: the frames, raw RGBA through a pipe into Debian's ffmpeg (an argument vector,
// no shell), encoded as H.264 into a partial file put in place when complete.
class VideoRecorder {
public:
    VideoRecorder(std::string path, int width, int height, int fps);
    bool started() const { return partial_fd_ >= 0 && ffmpeg_.started(); }
    int frames() const { return frames_; }
    // The frame just drawn; false once ffmpeg has stopped taking frames.
    bool add(int width, int height);
    // The video in place; false (the partial file removed) if ffmpeg failed or the name is taken.
    bool finish();

private:
    std::string path_, partial_;
    int partial_fd_;
    int width_, height_;
    ProgramPipe ffmpeg_;
    int frames_ = 0;
    bool failed_ = false;
};

}  // namespace lonesim::viz
