// cam: the live digit reader. Parses the command line, sets up logging, and runs the library's pipeline.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>

#include "digitcam/config.hpp"
#include "digitcam/pipeline.hpp"
#include "digitcam/resources.hpp"
#include "digitcam/signal_stop.hpp"

namespace {

constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

void setUpLogging(const std::string& level) {
    // The log goes to stderr so that `--json -` keeps stdout for results only.
    auto logger = spdlog::stderr_color_mt("cam");
    logger->set_pattern("%^[%l]%$ %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level));
    // OpenCV's own chatter (GStreamer duration queries and the like) only when debugging.
    cv::utils::logging::setLogLevel(level == "debug" || level == "trace"
                                        ? cv::utils::logging::LOG_LEVEL_INFO
                                        : cv::utils::logging::LOG_LEVEL_ERROR);
}

}  // namespace

int main(int argc, char** argv) {
    std::stop_source stop;
    const digitcam::SignalStop signals(stop);

    CLI::App app{
        "DigitCam: reads the digits and numbers in a live camera feed, a video, images or a stream."};
    digitcam::PipelineOptions options;
    std::optional<std::string> config_file;
    std::vector<std::string> overrides;
    std::string record;
    std::string json;
    bool headless = false;
    std::string log_level = "info";
    app.add_option("-s,--source", options.source,
                   "camera index, video file, image, folder of images, stream URL or GStreamer pipeline")
        ->capture_default_str();
    app.add_option("-c,--config", config_file, "YAML config (default: the bundled configs/default.yaml)");
    app.add_option("--set", overrides, "override one config key: section.key=value (repeatable)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("--headless", headless, "no window: process and write outputs only");
    app.add_flag("--debug", options.debug,
                 "debug view (also key d): ink masks, and why each region was not read, in the window "
                 "and the recording");
    app.add_option("-r,--record", record,
                   "write the annotated video here (.mp4/.mov: H.264; .mkv; .avi: MJPG)");
    app.add_option("-j,--json", json, "write one JSON line per frame here ('-' for stdout)");
    app.add_option("-n,--max-frames", options.max_frames, "stop after N frames (0: no limit)");
    app.add_option("--snapshot-dir", options.snapshot_dir, "where key 's' saves snapshots")
        ->capture_default_str();
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
        ->capture_default_str();
    app.set_version_flag("--version", std::string("cam ") + DIGITCAM_VERSION);
    // One line per error, as for every other error cam reports.
    app.failure_message(
        [](const CLI::App*, const CLI::Error& e) { return fmt::format("cam: {} (see --help)\n", e.what()); });
    try {
        app.parse(argc, argv);
        if (options.max_frames < 0) {
            throw CLI::ValidationError("--max-frames",
                                       fmt::format("{}: must be 0 (no limit) or more", options.max_frames));
        }
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);  // prints help, the version, or the one-line error
        return code == 0 ? 0 : kExitUsage;
    }
    setUpLogging(log_level);
    options.window = !headless;
    if (!record.empty()) options.record = record;
    if (!json.empty()) options.json = json;

    digitcam::Config config;
    try {
        const auto file = digitcam::configFile(config_file);
        if (!file) spdlog::debug("configs/default.yaml not found; using built-in defaults");
        config = digitcam::buildConfig(file, overrides);
        if (file) spdlog::info("config {}", file->string());
    } catch (const digitcam::ConfigError& e) {
        spdlog::error("{}", e.what());
        return kExitUsage;
    }
    if (config.classifier.threads > 0) cv::setNumThreads(config.classifier.threads);

    try {
        digitcam::resolveModels(config);
        digitcam::Pipeline pipeline(config, options);
        const digitcam::RunSummary s = pipeline.run(stop.get_token());
        spdlog::info(
            "{} frames processed of {} captured, {} dropped, in {:.1f} s ({:.1f} fps); latency p50 {:.1f} "
            "ms, "
            "p99 {:.1f} ms; stopped by {}",
            s.processed, s.captured, s.dropped, s.seconds,
            s.seconds > 0 ? static_cast<double>(s.processed) / s.seconds : 0.0, s.latency_p50_ms,
            s.latency_p99_ms, s.stopped_by);
        std::string numbers;
        for (std::size_t i = 0; i < s.numbers.size() && i < 12; ++i) {
            numbers +=
                fmt::format("{}{} ({} frames)", i ? ", " : "", s.numbers[i].first, s.numbers[i].second);
        }
        spdlog::info("numbers read: {}", numbers.empty() ? "none" : numbers);
        if (options.record)
            spdlog::info("annotated video: {} ({} frames)", options.record->string(), s.recorded_frames);
        if (options.json && *options.json != "-") spdlog::info("JSON lines: {}", *options.json);
    } catch (const cv::Exception& e) {
        spdlog::error("opencv: {}", e.err);  // what() spans several lines; err is the message itself
        return kExitRuntime;
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return kExitRuntime;
    }
    return 0;
}
