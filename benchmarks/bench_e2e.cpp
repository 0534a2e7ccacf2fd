// End to end on a 720p clip, in one run: decode alone (the ceiling), the whole pipeline on the file
// (every frame, backpressure), and the whole pipeline fed in real time by GStreamer as a camera would
// feed it (stale frames dropped), with latency percentiles.
//   build/benchmarks/bench_e2e [--clip FILE] [--repeat N]
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <opencv2/videoio.hpp>

#include "digitcam/pipeline.hpp"

namespace {

struct Row {
    std::string name;
    double fps = 0.0;
    std::int64_t frames = 0;
    std::int64_t dropped = 0;
    double p50 = 0.0;
    double p99 = 0.0;
};

Row decodeOnly(const std::string& clip) {
    cv::VideoCapture capture(clip, cv::CAP_FFMPEG);
    if (!capture.isOpened()) throw std::runtime_error("bench_e2e: cannot open " + clip);
    cv::Mat frame;
    std::int64_t n = 0;
    const auto start = std::chrono::steady_clock::now();
    while (capture.read(frame)) ++n;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {"decode only (FFmpeg)", static_cast<double>(n) / s, n, 0, 0.0, 0.0};
}

Row pipeline(const std::string& name, const std::string& source, const digitcam::Config& config) {
    digitcam::PipelineOptions options;
    options.source = source;
    options.window = false;
    digitcam::Pipeline run(config, options);
    std::stop_source stop;
    const auto s = run.run(stop.get_token());
    return {name,
            static_cast<double>(s.processed) / s.seconds,
            s.processed,
            s.dropped,
            s.latency_p50_ms,
            s.latency_p99_ms};
}

// Best of `repeat` by frames/s: the run least disturbed by the rest of the machine.
template <typename F>
Row best(int repeat, F f) {
    Row out = f();
    for (int i = 1; i < repeat; ++i) {
        Row r = f();
        if (r.fps > out.fps) out = r;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"DigitCam end-to-end benchmark"};
    std::string clip = std::string(DIGITCAM_SOURCE_DIR) + "/assets/demo.mp4";
    int repeat = 3;
    bool live = true;
    std::vector<std::string> overrides;
    app.add_option("--clip", clip, "720p clip to read")->capture_default_str();
    app.add_option("--set", overrides,
                   "override one config key: section.key=value (repeatable), to time what it costs");
    app.add_option("--repeat", repeat, "runs of each mode; the fastest is reported")->capture_default_str();
    app.add_flag("!--no-live", live, "skip the real-time (GStreamer) run");
    CLI11_PARSE(app, argc, argv);
    spdlog::set_level(spdlog::level::warn);

    digitcam::Config config;
    config.classifier.model = std::string(DIGITCAM_SOURCE_DIR) + "/models/digits.onnx";
    config.classifier.display_model = std::string(DIGITCAM_SOURCE_DIR) + "/models/digits-display.onnx";
    try {
        for (const std::string& o : overrides) digitcam::applyOverride(config, o);
        std::vector<Row> rows;
        rows.push_back(best(repeat, [&] { return decodeOnly(clip); }));
        rows.push_back(best(repeat, [&] { return pipeline("pipeline, file (every frame)", clip, config); }));
        if (live) {
            const std::string paced =
                "filesrc location=\"" + clip +
                "\" ! decodebin ! videoconvert ! video/x-raw,format=BGR ! appsink sync=true";
            rows.push_back(pipeline("pipeline, real-time feed (drops stale)", paced, config));
        }
        cv::VideoCapture probe(clip);
        fmt::print("clip: {} ({}x{}, {} frames at {:.0f} fps)\n", clip, probe.get(cv::CAP_PROP_FRAME_WIDTH),
                   probe.get(cv::CAP_PROP_FRAME_HEIGHT), probe.get(cv::CAP_PROP_FRAME_COUNT),
                   probe.get(cv::CAP_PROP_FPS));
        fmt::print("{:<42} {:>9} {:>8} {:>8} {:>12} {:>12}\n", "mode", "frames/s", "frames", "dropped",
                   "latency p50", "latency p99");
        for (const Row& r : rows) {
            const bool timed = r.p50 > 0.0;  // decode alone has no capture-to-result latency
            fmt::print("{:<42} {:>9.1f} {:>8} {:>8} {:>12} {:>12}\n", r.name, r.fps, r.frames, r.dropped,
                       timed ? fmt::format("{:.1f} ms", r.p50) : "-",
                       timed ? fmt::format("{:.1f} ms", r.p99) : "-");
        }
        fmt::print("pipeline/decode ratio: {:.2f}\n", rows[1].fps / rows[0].fps);
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return 1;
    }
    return 0;
}
