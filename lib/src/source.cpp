#include "digitcam/source.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

namespace digitcam {
namespace fs = std::filesystem;

namespace {

// Whether an image file decodes: read at an eighth of its size, which is cheap, unless it is too small
// to be scaled down so (OpenCV throws for an image under 8 px), then read whole.
bool decodes(const std::string& path) {
    try {
        return !cv::imread(path, cv::IMREAD_REDUCED_GRAYSCALE_8).empty();
    } catch (const cv::Exception&) {
        return !cv::imread(path, cv::IMREAD_GRAYSCALE).empty();
    }
}

bool isCameraIndex(const std::string& spec) {
    return !spec.empty() && spec.size() < 4 &&
           std::all_of(spec.begin(), spec.end(), [](unsigned char c) { return std::isdigit(c); });
}

class VideoSource final : public FrameSource {
  public:
    VideoSource(const std::string& spec, SourceKind kind) {
        info_.name = spec;
        info_.kind = kind;
        info_.live = kind == SourceKind::Camera || kind == SourceKind::Stream;
        bool opened = false;
        try {
            if (kind == SourceKind::Camera) {
                opened = capture_.open(std::stoi(spec));
            } else if (spec.find(" ! ") != std::string::npos) {
                opened = capture_.open(spec, cv::CAP_GSTREAMER);
            } else {
                opened = capture_.open(spec, cv::CAP_FFMPEG) || capture_.open(spec);
            }
        } catch (const cv::Exception& e) {
            throw SourceError(fmt::format("source: {}: cannot open ({})", spec, e.err));
        }
        if (!opened) {
            throw SourceError(
                kind == SourceKind::Camera
                    ? fmt::format("source: camera {}: cannot open (is a camera connected?)", spec)
                    : fmt::format("source: {}: cannot open as video", spec));
        }
        const double fps = capture_.get(cv::CAP_PROP_FPS);
        info_.fps = (fps > 0.0 && fps < 1000.0) ? fps : 0.0;
        if (!info_.live) {
            const double count = capture_.get(cv::CAP_PROP_FRAME_COUNT);
            info_.frame_count = count > 0 ? static_cast<std::int64_t>(count) : -1;
        }
        start_ = Clock::now();
    }

    bool read(Frame& frame) override {
        if (!capture_.read(frame.image) || frame.image.empty()) return false;
        frame.index = next_index_++;
        frame.source = info_.name;
        if (info_.live) {
            frame.time_ms = std::chrono::duration<double, std::milli>(Clock::now() - start_).count();
        } else if (info_.fps > 0.0) {
            frame.time_ms = static_cast<double>(frame.index) * 1000.0 / info_.fps;
        } else {
            frame.time_ms = capture_.get(cv::CAP_PROP_POS_MSEC);
        }
        return true;
    }

    const SourceInfo& info() const override { return info_; }

  private:
    cv::VideoCapture capture_;
    SourceInfo info_;
    std::int64_t next_index_ = 0;
    Clock::time_point start_;
};

// A still image, or a folder of them: each image is one frame, its path the frame's source.
class ImageListSource final : public FrameSource {
  public:
    ImageListSource(std::string name, SourceKind kind, std::vector<fs::path> files)
        : files_(std::move(files)) {
        info_.name = std::move(name);
        info_.kind = kind;
        info_.frame_count = static_cast<std::int64_t>(files_.size());
    }

    bool read(Frame& frame) override {
        while (next_ < files_.size()) {
            const fs::path& path = files_[next_];
            frame.index = static_cast<std::int64_t>(next_++);
            frame.image = cv::imread(path.string(), cv::IMREAD_COLOR);
            frame.source = path.string();
            frame.time_ms = 0.0;
            if (!frame.image.empty()) return true;
            // One bad file in a folder should not end the run; the gap in frame indices shows it.
            spdlog::warn("source: {}: cannot decode image, skipped", path.string());
        }
        return false;
    }

    const SourceInfo& info() const override { return info_; }

  private:
    std::vector<fs::path> files_;
    std::size_t next_ = 0;
    SourceInfo info_;
};

}  // namespace

bool isImageFile(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    static const std::vector<std::string> known = {".png",  ".jpg",  ".jpeg", ".bmp", ".tif",
                                                   ".tiff", ".webp", ".pgm",  ".ppm", ".pbm"};
    return std::find(known.begin(), known.end(), ext) != known.end();
}

std::unique_ptr<FrameSource> openSource(const std::string& spec) {
    if (spec.empty()) throw SourceError("source: empty; give a camera index, a file, a folder or a URL");
    if (isCameraIndex(spec)) return std::make_unique<VideoSource>(spec, SourceKind::Camera);
    if (spec.find("://") != std::string::npos || spec.find(" ! ") != std::string::npos) {
        return std::make_unique<VideoSource>(spec, SourceKind::Stream);
    }
    const fs::path path(spec);
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(path, ec)) {
            if (entry.is_regular_file() && isImageFile(entry.path())) files.push_back(entry.path());
        }
        if (ec) throw SourceError(fmt::format("source: {}: cannot list folder ({})", spec, ec.message()));
        if (files.empty()) {
            throw SourceError(
                fmt::format("source: {}: folder holds no images (.png, .jpg, .bmp, .tif, ...)", spec));
        }
        std::sort(files.begin(), files.end());
        return std::make_unique<ImageListSource>(spec, SourceKind::ImageFolder, std::move(files));
    }
    if (!fs::exists(path, ec)) throw SourceError(fmt::format("source: {}: no such file or folder", spec));
    if (isImageFile(path)) {
        if (!decodes(spec)) throw SourceError(fmt::format("source: {}: cannot decode image", spec));
        return std::make_unique<ImageListSource>(spec, SourceKind::Image, std::vector<fs::path>{path});
    }
    return std::make_unique<VideoSource>(spec, SourceKind::VideoFile);
}

std::string_view toString(SourceKind kind) {
    switch (kind) {
        case SourceKind::Camera:
            return "camera";
        case SourceKind::Stream:
            return "stream";
        case SourceKind::VideoFile:
            return "video";
        case SourceKind::Image:
            return "image";
        case SourceKind::ImageFolder:
            return "folder";
    }
    return "?";
}

}  // namespace digitcam
