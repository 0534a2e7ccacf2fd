// Where frames come from: a camera, a stream (URL or GStreamer pipeline), a video file, a still image
// or a folder of images. One interface, so the pipeline does not care which.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "digitcam/types.hpp"

namespace digitcam {

enum class SourceKind { Camera, Stream, VideoFile, Image, ImageFolder };

struct SourceInfo {
    std::string name;  // as the user gave it
    SourceKind kind = SourceKind::VideoFile;
    bool live = false;              // frames arrive in real time whether or not we keep up
    double fps = 0.0;               // 0 when the source does not say
    std::int64_t frame_count = -1;  // -1 when unknown (live sources)
};

// A source that cannot be opened; what() names it and says why.
class SourceError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class FrameSource {
  public:
    virtual ~FrameSource() = default;
    // The next frame, with index, time and source filled in (not `captured`: the caller stamps it).
    // False at the end of the source.
    virtual bool read(Frame& frame) = 0;
    virtual const SourceInfo& info() const = 0;
};

// "0", "1": a camera index. "scheme://...": a stream URL. "... ! ...": a GStreamer pipeline.
// A folder: its images sorted by name. A file: a still image by extension, else a video.
std::unique_ptr<FrameSource> openSource(const std::string& spec);

std::string_view toString(SourceKind kind);
bool isImageFile(const std::filesystem::path& path);

}  // namespace digitcam
