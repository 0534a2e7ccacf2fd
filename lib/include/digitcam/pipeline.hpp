// Wires the stages together and owns the threads: a capture thread feeds a bounded lock-free queue, a
// segmentation thread segments each frame, and the calling thread reads, renders and writes it; a
// recording thread encodes the annotated frames (docs/architecture.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "digitcam/config.hpp"
#include "digitcam/types.hpp"

namespace digitcam {

class FrameProcessor;
class FrameSource;

struct PipelineOptions {
    std::string source = "0";
    bool window = true;                           // false: headless
    std::optional<std::filesystem::path> record;  // annotated video
    std::optional<std::string> json;              // JSON Lines file, or "-" for stdout
    std::int64_t max_frames = 0;                  // 0: until the source ends or the user stops
    std::filesystem::path snapshot_dir = ".";     // where key `s` saves
    bool debug = false;                           // the debug view from the start (key `d` toggles it)
};

struct RunSummary {
    std::int64_t captured = 0;
    std::int64_t processed = 0;
    std::int64_t dropped = 0;
    double seconds = 0.0;
    double latency_p50_ms = 0.0;
    double latency_p99_ms = 0.0;
    // Each number read, with the count of frames it was read in, most frequent first.
    std::vector<std::pair<std::string, std::int64_t>> numbers;
    std::int64_t recorded_frames = 0;
    std::string stopped_by;  // "end of input", "max frames", "user", "signal"
};

class Pipeline {
  public:
    Pipeline(Config config, PipelineOptions options);

    // Runs until the source ends, max_frames, the user quits, or `stop` is requested. Opens everything
    // first, so a bad source, model or output fails before any frame is read. Outputs are finalized on
    // every way out, errors included.
    RunSummary run(std::stop_token stop);
    // The same with frames from `source` rather than options.source: an application's own frames (or a
    // test's, paced as it needs).
    RunSummary run(FrameSource& source, std::stop_token stop);

  private:
    RunSummary run(FrameProcessor& processor, FrameSource& source, std::stop_token stop);

    Config config_;
    PipelineOptions options_;
};

}  // namespace digitcam
