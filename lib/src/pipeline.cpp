#include "digitcam/pipeline.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <map>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "digitcam/frame_processor.hpp"
#include "digitcam/frame_queue.hpp"
#include "digitcam/number_tracker.hpp"
#include "digitcam/outputs.hpp"
#include "digitcam/preview_window.hpp"
#include "digitcam/renderer.hpp"
#include "digitcam/source.hpp"

namespace digitcam {
namespace {

// Annotated frames waiting for the encoder: enough to ride out a slow frame, few enough (11 MB at 720p)
// that a stop finalizes the file at once.
constexpr std::size_t kRecordingQueue = 4;

// Frames per second as an exponential moving average of the intervals between ticks.
class RateMeter {
  public:
    void tick(Clock::time_point now) {
        if (last_ != Clock::time_point{}) {
            const double dt = std::chrono::duration<double>(now - last_).count();
            if (dt > 0) {
                const double fps = 1.0 / dt;
                const double old = fps_.load(std::memory_order_relaxed);
                fps_.store(old == 0.0 ? fps : 0.9 * old + 0.1 * fps, std::memory_order_relaxed);
            }
        }
        last_ = now;
    }
    double fps() const { return fps_.load(std::memory_order_relaxed); }

  private:
    Clock::time_point last_{};      // touched by the ticking thread only
    std::atomic<double> fps_{0.0};  // read by any thread
};

// The capture thread: reads the source and feeds the queue until the source ends or it is told to stop.
// Its destructor cancels the queue before joining, so no way out of run() can leave it blocked.
class CaptureThread {
  public:
    CaptureThread(FrameSource& source, FrameQueue& queue, std::int64_t max_frames) : queue_(queue) {
        thread_ = std::jthread([this, &source, max_frames](std::stop_token stop) {
            try {
                while (!stop.stop_requested() && !queue_.cancelled()) {
                    if (max_frames > 0 && captured_.load() >= max_frames) break;
                    Frame frame;
                    if (!source.read(frame)) break;
                    frame.captured = Clock::now();
                    rate_.tick(frame.captured);
                    captured_.fetch_add(1);
                    queue_.push(std::move(frame));
                }
            } catch (...) {
                error_ = std::current_exception();
            }
            queue_.close();
        });
    }
    ~CaptureThread() {
        queue_.cancel();
        thread_.request_stop();
    }
    CaptureThread(const CaptureThread&) = delete;
    CaptureThread& operator=(const CaptureThread&) = delete;

    // Stops and joins; rethrows what the thread threw.
    void finish() {
        queue_.cancel();
        thread_.request_stop();
        if (thread_.joinable()) thread_.join();
        if (error_) std::rethrow_exception(error_);
    }
    double fps() const { return rate_.fps(); }
    std::int64_t captured() const { return captured_.load(); }

  private:
    FrameQueue& queue_;
    RateMeter rate_;
    std::atomic<std::int64_t> captured_{0};
    std::exception_ptr error_;
    std::jthread thread_;  // last: it starts after, and stops before, everything it uses
};

// A frame and its segmentation, on their way from the segmentation thread to the reading one.
struct SegmentedFrame {
    Frame frame;
    Segmentation segmentation;
};

// Segmented frames waiting to be read: segmentation runs a frame or two ahead of reading, on another
// core. The queue drops stale frames as the capture queue does: for a live source whose frames come
// faster than they are read, the reading thread takes the newest frame segmented, not one that waited.
constexpr std::size_t kSegmentedQueue = 2;

// The segmentation thread: segments the next frame while the processing thread reads this one, each
// about half of a frame's work, so where a core is free the run reads up to twice the frames a second
// (a fifth more on two cores, where decoding takes a share too: docs/architecture.md). It takes frames
// from the capture queue until that ends or the run stops; its destructor cancels both queues before
// joining, so no way out of run() can leave it blocked.
class SegmentationThread {
  public:
    SegmentationThread(FrameProcessor& processor, FrameQueue& frames, std::size_t capacity)
        : frames_(frames),
          segmented_(capacity, frames.policy()),
          read_(capacity + 2, QueuePolicy::DropStale) {
        thread_ = std::jthread([this, &processor] {
            try {
                Frame frame;
                while (frames_.pop(frame)) {
                    Segmentation segmentation;
                    read_.tryPop(segmentation);  // its images' buffers reused, if one was handed back
                    processor.segment(frame, segmentation);
                    // A live source's frame that found the queue full is dropped, and the next one
                    // is segmented; only a cancelled queue ends the thread.
                    if (!segmented_.push({std::move(frame), std::move(segmentation)}) &&
                        segmented_.cancelled())
                        break;
                }
            } catch (...) {
                error_ = std::current_exception();
            }
            segmented_.close();
        });
    }
    ~SegmentationThread() {
        frames_.cancel();
        segmented_.cancel();
    }
    SegmentationThread(const SegmentationThread&) = delete;
    SegmentationThread& operator=(const SegmentationThread&) = delete;

    // Waits for the next segmented frame; false once there are no more, or the run is stopped.
    bool pop(SegmentedFrame& out) { return segmented_.pop(out); }
    // Hands back a segmentation read already, whose buffers the next frame's segmentation reuses.
    void recycle(Segmentation segmentation) { read_.push(std::move(segmentation)); }
    // Either side: stop now and wake whoever waits.
    void cancel() { segmented_.cancel(); }
    // Frames segmented but dropped as stale.
    std::int64_t dropped() const { return segmented_.dropped(); }
    // Stops and joins; rethrows what the thread threw.
    void finish() {
        frames_.cancel();
        segmented_.cancel();
        if (thread_.joinable()) thread_.join();
        if (error_) std::rethrow_exception(error_);
    }

  private:
    FrameQueue& frames_;
    HandOffQueue<SegmentedFrame> segmented_;
    HandOffQueue<Segmentation> read_;  // back from the processing thread; full, it drops what comes
    std::exception_ptr error_;
    std::jthread thread_;  // last: it starts after, and stops before, everything it uses
};

// The recording thread: encodes the annotated frames while the processing thread reads the next one.
// Where there are cores to spare a recording then costs the run little more than a copy of each frame
// (H.264 at 720p takes about as long as reading one; on two cores libx264 takes both, docs/benchmarks.md).
// Its queue makes the processing thread wait rather than lose a frame; the frames queued when the run
// stops are still written, then the file is finalized.
class RecordingThread {
  public:
    RecordingThread(VideoRecorder& recorder, std::size_t capacity)
        : recorder_(recorder), queue_(capacity, QueuePolicy::Backpressure) {
        thread_ = std::jthread([this] {
            try {
                Frame frame;
                while (queue_.pop(frame)) recorder_.write(frame.image, frame.time_ms);
                recorder_.close();
            } catch (...) {
                error_ = std::current_exception();
                queue_.cancel();  // so that push() fails instead of waiting for room that never comes
            }
        });
    }
    ~RecordingThread() {
        queue_.cancel();
        if (thread_.joinable()) thread_.join();
    }
    RecordingThread(const RecordingThread&) = delete;
    RecordingThread& operator=(const RecordingThread&) = delete;

    // The processing thread hands over a frame it will no longer draw on. Rethrows what the recording
    // thread threw (a file that cannot be opened).
    void push(Frame frame) {
        if (!queue_.push(std::move(frame))) finish();
    }
    // Writes what is queued, finalizes the file and joins; rethrows what the thread threw.
    void finish() {
        queue_.close();
        if (thread_.joinable()) thread_.join();
        if (error_) std::rethrow_exception(error_);
    }

  private:
    VideoRecorder& recorder_;
    FrameQueue queue_;
    std::exception_ptr error_;
    std::jthread thread_;  // last: it starts after, and stops before, everything it uses
};

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0.0;
    const auto k = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    std::nth_element(values.begin(), values.begin() + static_cast<long>(k), values.end());
    return values[k];
}

}  // namespace

Pipeline::Pipeline(Config config, PipelineOptions options)
    : config_(std::move(config)), options_(std::move(options)) {}

RunSummary Pipeline::run(std::stop_token stop) {
    FrameProcessor processor(config_);
    spdlog::info("model {} loaded", config_.classifier.model);
    const std::unique_ptr<FrameSource> source = openSource(options_.source);
    return run(processor, *source, stop);
}

RunSummary Pipeline::run(FrameSource& source, std::stop_token stop) {
    FrameProcessor processor(config_);
    spdlog::info("model {} loaded", config_.classifier.model);
    return run(processor, source, stop);
}

RunSummary Pipeline::run(FrameProcessor& processor, FrameSource& source, std::stop_token stop) {
    const SourceInfo& info = source.info();
    const QueuePolicy policy = config_.capture.policy == FramePolicy::DropStale ||
                                       (config_.capture.policy == FramePolicy::Auto && info.live)
                                   ? QueuePolicy::DropStale
                                   : QueuePolicy::Backpressure;
    spdlog::info("source {} opened: {}{}, {}", info.name, toString(info.kind),
                 info.fps > 0 ? fmt::format(" at {:.2f} fps", info.fps) : "",
                 policy == QueuePolicy::DropStale ? "stale frames dropped" : "every frame processed");

    std::optional<VideoRecorder> recorder;
    if (options_.record) {
        recorder.emplace(*options_.record, info.fps > 0 ? info.fps : config_.capture.fallback_fps);
    }
    std::optional<JsonLinesWriter> json;
    if (options_.json) json.emplace(*options_.json);

    std::optional<PreviewWindow> window;
    if (options_.window && !PreviewWindow::displayAvailable()) {
        spdlog::warn("no display: running headless (give --headless to silence this)");
    } else if (options_.window) {
        window.emplace(options_.snapshot_dir, info.live ? 0.0 : info.fps, options_.debug);
    }
    // Tracing costs little; with a window it is always on, so key d shows the debug view at once.
    processor.setTrace(options_.debug || window.has_value());

    const OverlayRenderer renderer(config_.render);
    // Frames of a video follow one another; still images need not.
    std::optional<NumberTracker> tracker;
    if (info.kind != SourceKind::Image && info.kind != SourceKind::ImageFolder)
        tracker.emplace(config_.tracking);
    FrameQueue queue(static_cast<std::size_t>(config_.capture.queue_capacity), policy);
    RunSummary summary;
    std::map<std::string, std::int64_t> seen;
    std::vector<double> latencies;
    RateMeter process_rate;
    const bool annotate = window || recorder;
    const Clock::time_point start = Clock::now();

    std::optional<RecordingThread> recording;
    if (recorder) recording.emplace(*recorder, kRecordingQueue);
    CaptureThread capture(source, queue, info.live ? 0 : options_.max_frames);
    SegmentationThread segmentation(processor, queue, kSegmentedQueue);
    // A stop request must also wake a wait on a source that has gone quiet.
    const std::stop_callback wake_on_stop(stop, [&] {
        queue.cancel();
        segmentation.cancel();
    });
    summary.stopped_by = "end of input";
    SegmentedFrame segmented;
    while (segmentation.pop(segmented)) {
        if (stop.stop_requested()) {
            summary.stopped_by = "signal";
            break;
        }
        Frame& frame = segmented.frame;
        FrameResult result = processor.read(frame, segmented.segmentation);
        if (tracker) tracker->update(frame.image, result);
        const Clock::time_point done = Clock::now();
        result.latency_ms = std::chrono::duration<double, std::milli>(done - frame.captured).count();
        process_rate.tick(done);
        latencies.push_back(result.latency_ms);
        for (const Number& n : result.numbers) ++seen[n.text];
        spdlog::debug("frame {}: {} candidates, {} not digits, {} digits, {} numbers, {:.1f} ms",
                      result.index, result.candidates, result.not_digits, result.digits.size(),
                      result.numbers.size(), result.latency_ms);

        if (json) json->write(result);
        if (annotate) {
            if (window ? window->debugView() : options_.debug) {
                renderer.drawTrace(frame.image, result, segmented.segmentation.mask,
                                   segmented.segmentation.light_mask);
            }
            const HudStats hud{capture.fps(), process_rate.fps(), result.latency_ms,
                               queue.dropped() + segmentation.dropped()};
            renderer.draw(frame.image, result, hud);
        }
        segmentation.recycle(std::move(segmented.segmentation));
        if (recording) recording->push(frame);
        ++summary.processed;

        if (window && !window->show(frame.image, result.index, stop)) {
            summary.stopped_by = "user";
            break;
        }
        if (options_.max_frames > 0 && summary.processed >= options_.max_frames) {
            summary.stopped_by = "max frames";
            break;
        }
    }
    if (stop.stop_requested() && summary.stopped_by == "end of input") summary.stopped_by = "signal";
    segmentation.finish();
    capture.finish();
    if (recorder) {
        recording->finish();
        summary.recorded_frames = recorder->frames();
        // The writer opens on the first frame (it needs the frame size), so say why there is no file.
        if (summary.recorded_frames == 0) {
            spdlog::warn("record: {}: no frame was processed, so no file was written",
                         options_.record->string());
        }
    }
    window.reset();

    summary.captured = capture.captured();
    summary.dropped = queue.dropped() + segmentation.dropped();
    summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    summary.latency_p50_ms = percentile(latencies, 0.50);
    summary.latency_p99_ms = percentile(latencies, 0.99);
    summary.numbers.assign(seen.begin(), seen.end());
    std::stable_sort(summary.numbers.begin(), summary.numbers.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return summary;
}

}  // namespace digitcam
