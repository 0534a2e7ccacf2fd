// Where results go: the annotated video (cv::VideoWriter) and JSON Lines (nlohmann-json).
#pragma once

#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>
#include <opencv2/videoio.hpp>

#include "digitcam/types.hpp"

namespace digitcam {

// An output that cannot be opened or written; what() names the file.
class OutputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Writes the annotated frames at a fixed rate. The codec follows the extension: .mp4/.mov/.m4v get
// H.264 (avc1) where FFmpeg offers it, else MPEG-4; .mkv gets H.264, else MJPG; .avi gets MJPG.
// The file is finalized by close() or the destructor, so it plays after any orderly stop.
class VideoRecorder {
  public:
    VideoRecorder(std::filesystem::path path, double fps);
    ~VideoRecorder();
    VideoRecorder(const VideoRecorder&) = delete;
    VideoRecorder& operator=(const VideoRecorder&) = delete;

    // Opens the file on the first frame (its size fixes the video's); later frames of another size
    // (a folder of mixed images) are scaled to it. `time_ms` is the frame's time in its source: a frame
    // later than the next frame of the video's rate is preceded by copies of the frame before, so a
    // recording of a live source whose stale frames were dropped still plays at the pace of life.
    void write(const cv::Mat& frame, double time_ms);
    void close();

    const std::filesystem::path& path() const { return path_; }
    // Frames in the file, repeated ones included.
    std::int64_t frames() const { return frames_; }
    // Of those, the copies written for frames the processing dropped.
    std::int64_t repeated() const { return repeated_; }
    const std::string& codec() const { return codec_; }

  private:
    std::filesystem::path path_;
    double fps_;
    cv::VideoWriter writer_;
    cv::Size size_;
    std::string codec_;
    std::int64_t frames_ = 0;
    std::int64_t repeated_ = 0;
    double first_ms_ = 0.0;
    cv::Mat last_;
};

// One JSON object per frame (see README, "JSON output").
nlohmann::ordered_json toJson(const FrameResult& result);

class JsonLinesWriter {
  public:
    // "-" writes to standard output.
    explicit JsonLinesWriter(const std::string& target);
    void write(const FrameResult& result);

  private:
    std::string target_;
    std::ofstream file_;
    std::ostream* out_;
};

}  // namespace digitcam
