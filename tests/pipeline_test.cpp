// The threaded parts: the frame queue's two policies and a whole pipeline run. Built a second time
// under ThreadSanitizer by `make tsan` (ctest label "tsan").
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>

#include "digitcam/frame_processor.hpp"
#include "digitcam/frame_queue.hpp"
#include "digitcam/number_tracker.hpp"
#include "digitcam/outputs.hpp"
#include "digitcam/pipeline.hpp"
#include "digitcam/resources.hpp"
#include "digitcam/source.hpp"
#include "test_support.hpp"

namespace digitcam {
namespace {

using namespace std::chrono_literals;

Frame numbered(std::int64_t i) {
    Frame f;
    f.index = i;
    f.captured = Clock::now();
    return f;
}

TEST(FrameQueue, BackpressureDeliversEveryFrameInOrder) {
    FrameQueue queue(2, QueuePolicy::Backpressure);
    constexpr int kFrames = 200;
    std::jthread producer([&] {
        for (int i = 0; i < kFrames; ++i) EXPECT_TRUE(queue.push(numbered(i)));
        queue.close();
    });
    std::vector<std::int64_t> got;
    Frame f;
    while (queue.pop(f)) {
        got.push_back(f.index);
        if (got.size() % 20 == 0) std::this_thread::sleep_for(2ms);  // a slow consumer now and then
    }
    ASSERT_EQ(got.size(), static_cast<std::size_t>(kFrames));
    for (int i = 0; i < kFrames; ++i) EXPECT_EQ(got[i], i);
    EXPECT_EQ(queue.dropped(), 0);
}

TEST(FrameQueue, DropStaleHandsOverTheNewestFrame) {
    FrameQueue queue(4, QueuePolicy::DropStale);
    const auto capacity = static_cast<std::int64_t>(queue.capacity());
    for (int i = 0; i < 10; ++i) queue.push(numbered(i));
    EXPECT_EQ(queue.dropped(), 10 - capacity);  // a full queue refuses the incoming frame
    Frame f;
    ASSERT_TRUE(queue.pop(f));
    EXPECT_EQ(f.index, capacity - 1);  // the newest queued; those behind it are dropped
    EXPECT_EQ(queue.dropped(), 9);
    queue.close();
    EXPECT_FALSE(queue.pop(f));
}

TEST(FrameQueue, DropStaleKeepsLatencyBoundedUnderASlowConsumer) {
    FrameQueue queue(2, QueuePolicy::DropStale);
    constexpr int kFrames = 120;
    std::jthread producer([&] {
        for (int i = 0; i < kFrames; ++i) {
            queue.push(numbered(i));
            std::this_thread::sleep_for(1ms);  // a 1000 fps camera
        }
        queue.close();
    });
    std::int64_t processed = 0;
    std::int64_t last = -1;
    Frame f;
    while (queue.pop(f)) {
        EXPECT_GT(f.index, last);
        last = f.index;
        ++processed;
        // Frames wait at most one queue's worth: never a growing backlog.
        const double waited_ms = std::chrono::duration<double, std::milli>(Clock::now() - f.captured).count();
        EXPECT_LT(waited_ms, 500.0);
        std::this_thread::sleep_for(10ms);  // processing at 100 fps
    }
    EXPECT_LT(processed, kFrames);
    EXPECT_GT(queue.dropped(), 0);
    EXPECT_EQ(processed + queue.dropped(), kFrames);
}

TEST(FrameQueue, CancelWakesABlockedProducer) {
    FrameQueue queue(1, QueuePolicy::Backpressure);
    ASSERT_TRUE(queue.push(numbered(0)));
    std::atomic<bool> returned{false};
    std::jthread producer([&] {
        EXPECT_FALSE(queue.push(numbered(1)));  // blocks: the queue is full
        returned = true;
    });
    std::this_thread::sleep_for(50ms);
    EXPECT_FALSE(returned.load());
    queue.cancel();
    producer.join();
    EXPECT_TRUE(returned.load());
}

// A short clip of known numbers, written with the FFmpeg backend.
std::filesystem::path writeClip(const std::filesystem::path& dir, int frames) {
    const auto path = dir / "clip.avi";
    cv::VideoWriter writer(path.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10.0,
                           {320, 180});
    for (int i = 0; i < frames; ++i) {
        cv::Mat page = test::blankPage({320, 180}, i);
        test::writeDigits(page, "1990", {30 + i % 20, 40}, 50, 10);
        writer.write(page);
    }
    return path;
}

// OpenCV's worker pool (TBB) is not built with TSan, and TSan would report its internal hand-offs as
// races; these tests are about our threads, so OpenCV runs its functions on the calling thread.
class PipelineRun : public ::testing::Test {
  protected:
    void SetUp() override { cv::setNumThreads(0); }
};

TEST_F(PipelineRun, ProcessesEveryFrameOfAFileAndWritesOutputs) {
    const auto dir = test::tempDir();
    const auto clip = writeClip(dir, 12);
    Config config;
    config.classifier.model = test::modelPath().string();
    config.capture.queue_capacity = 2;
    PipelineOptions options;
    options.source = clip.string();
    options.window = false;
    options.json = (dir / "out.jsonl").string();
    options.record = dir / "out.avi";
    Pipeline pipeline(config, options);
    std::stop_source stop;
    const RunSummary summary = pipeline.run(stop.get_token());
    EXPECT_EQ(summary.processed, 12);
    EXPECT_EQ(summary.captured, 12);
    EXPECT_EQ(summary.dropped, 0);
    EXPECT_EQ(summary.recorded_frames, 12);
    EXPECT_EQ(summary.stopped_by, "end of input");
    ASSERT_FALSE(summary.numbers.empty());
    EXPECT_EQ(summary.numbers.front().first, "1990");

    std::ifstream in(dir / "out.jsonl");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) EXPECT_EQ(nlohmann::json::parse(line)["frame"], n++);
    EXPECT_EQ(n, 12);
}

// The segmentation thread hands a frame's segmentation to the reading thread and goes on to the next
// frame: the images it hands over must be its own, not the segmenter's buffers, which the next frame
// overwrites. The reading thread hands it back once read, and its buffers are reused.
class FrameProcessorSteps : public PipelineRun {};

TEST_F(FrameProcessorSteps, ASegmentationKeepsItsImagesWhenTheNextFrameIsSegmented) {
    const Config config = test::shippedConfig();
    FrameProcessor processor(config);
    Frame first;
    first.image = test::blankPage({320, 180}, 1);
    test::writeDigits(first.image, "1990", {30, 40}, 50, 10);
    Frame second;
    second.image = test::blankPage({320, 180}, 2);
    test::writeDigits(second.image, "2072", {90, 100}, 40, 10);

    Segmentation segmentation;
    processor.segment(first, segmentation);
    const cv::Mat gray = segmentation.gray.clone();
    const cv::Mat mask = segmentation.mask.clone();
    const cv::Mat light_mask = segmentation.light_mask.clone();
    Segmentation next;
    processor.segment(second, next);
    ASSERT_GT(cv::norm(next.mask, mask, cv::NORM_INF), 0.0) << "the frames' masks are alike: no test";
    EXPECT_EQ(cv::norm(segmentation.gray, gray, cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(segmentation.mask, mask, cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(segmentation.light_mask, light_mask, cv::NORM_INF), 0.0);
    const FrameResult read = processor.read(first, segmentation);
    ASSERT_EQ(read.numbers.size(), 1u);
    EXPECT_EQ(read.numbers.front().text, "1990");

    // Handed back, a segmentation is segmented into again, in its own buffers.
    const uchar* const buffer = segmentation.mask.data;
    processor.segment(second, segmentation);
    EXPECT_EQ(segmentation.mask.data, buffer);
    EXPECT_EQ(cv::norm(segmentation.mask, next.mask, cv::NORM_INF), 0.0);
    const FrameResult again = processor.read(second, segmentation);
    ASSERT_EQ(again.numbers.size(), 1u);
    EXPECT_EQ(again.numbers.front().text, "2072");
}

// The pipeline segments each frame on one thread while it reads the frame before on another: each
// frame's reading, with the trace of every piece of ink, is the one the frame processor gives it alone
// (and the tracker after it, as the pipeline runs one for a video).
TEST_F(PipelineRun, ReadsEachFrameAsTheFrameProcessorDoesAlone) {
    const auto dir = test::tempDir();
    const auto clip = writeClip(dir, 12);
    const Config config = test::shippedConfig();
    PipelineOptions options;
    options.source = clip.string();
    options.window = false;
    options.debug = true;
    options.json = (dir / "out.jsonl").string();
    const RunSummary summary = Pipeline(config, options).run(std::stop_source().get_token());
    EXPECT_EQ(summary.processed, 12);

    FrameProcessor processor(config);
    processor.setTrace(true);
    NumberTracker tracker(config.tracking);
    const std::unique_ptr<FrameSource> source = openSource(clip.string());
    std::ifstream in(dir / "out.jsonl");
    int n = 0;
    for (Frame frame; source->read(frame); ++n) {
        FrameResult alone = processor.process(frame);
        tracker.update(frame.image, alone);
        std::string line;
        ASSERT_TRUE(std::getline(in, line)) << "no line for frame " << n;
        nlohmann::ordered_json piped = nlohmann::ordered_json::parse(line);
        nlohmann::ordered_json expected = toJson(alone);
        piped.erase("latency_ms");
        expected.erase("latency_ms");
        ASSERT_TRUE(piped.contains("trace"));
        EXPECT_EQ(piped, expected) << "frame " << n;
    }
    EXPECT_EQ(n, 12);
}

// A headless run of a clip of `frames` frames in `dir`, recorded to dir/out.mp4.
Pipeline recordingRun(const std::filesystem::path& dir, int frames) {
    Config config;
    config.classifier.model = test::modelPath().string();
    PipelineOptions options;
    options.source = writeClip(dir, frames).string();
    options.window = false;
    options.record = dir / "out.mp4";
    return Pipeline(config, options);
}

TEST_F(PipelineRun, StopRequestEndsTheRunAndFinalizesTheRecording) {
    const auto dir = test::tempDir();
    Pipeline pipeline = recordingRun(dir, 300);
    std::stop_source stop;
    // Stop once the recorder has opened its file, that is while its first frame is being written:
    // a fixed delay raced the model load on a slow (sanitized) build and stopped before any frame.
    std::jthread stopper([&] {
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (!std::filesystem::exists(dir / "out.mp4") && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(2ms);
        }
        stop.request_stop();
    });
    const RunSummary summary = pipeline.run(stop.get_token());
    EXPECT_EQ(summary.stopped_by, "signal");
    EXPECT_LT(summary.processed, 300);
    EXPECT_GE(summary.recorded_frames, 1);
    cv::VideoCapture recording((dir / "out.mp4").string());
    ASSERT_TRUE(recording.isOpened());
    int frames = 0;
    cv::Mat img;
    while (recording.read(img)) ++frames;
    EXPECT_EQ(frames, summary.recorded_frames);
}

TEST_F(PipelineRun, StopBeforeTheFirstFrameWritesNoRecording) {
    const auto dir = test::tempDir();
    Pipeline pipeline = recordingRun(dir, 12);
    std::stop_source stop;
    stop.request_stop();
    const RunSummary summary = pipeline.run(stop.get_token());
    EXPECT_EQ(summary.stopped_by, "signal");
    EXPECT_EQ(summary.processed, 0);
    EXPECT_EQ(summary.recorded_frames, 0);
    EXPECT_FALSE(std::filesystem::exists(dir / "out.mp4"));
}

// A live source that outruns any build of the pipeline: a 320x180 page of digits every millisecond
// (each takes several to read), stamped with the time it was taken, as a camera's frames are.
class PacedSource : public FrameSource {
  public:
    PacedSource() {
        info_ = {"paced test frames", SourceKind::Stream, true, kFps, -1};
        for (int i = 0; i < 4; ++i) {
            cv::Mat page = test::blankPage({320, 180}, i);
            test::writeDigits(page, "1990", {30 + 5 * i, 60}, 50, 10);
            pages_.push_back(page);
        }
        start_ = next_ = Clock::now();
    }
    bool read(Frame& frame) override {
        std::this_thread::sleep_until(next_);
        next_ += std::chrono::microseconds(1001);
        frame.index = index_++;
        frame.source = info_.name;
        frame.image = pages_[static_cast<std::size_t>(frame.index) % pages_.size()].clone();
        frame.time_ms = std::chrono::duration<double, std::milli>(Clock::now() - start_).count();
        return true;
    }
    const SourceInfo& info() const override { return info_; }

    static constexpr double kFps = 999.0;

  private:
    SourceInfo info_;
    std::vector<cv::Mat> pages_;
    Clock::time_point start_, next_;
    std::int64_t index_ = 0;
};

// Frames dropped as stale (a live source's) leave gaps in time; the recording fills each with the frame
// before, so it plays at the source's pace. The run ends after a count of frames read, as a live source
// never ends (a clip read from a file could be over before its second frame was read).
TEST_F(PipelineRun, ARecordingKeepsThePaceWhenStaleFramesAreDropped) {
    const auto dir = test::tempDir();
    Config config;
    config.classifier.model = test::modelPath().string();
    config.capture.queue_capacity = 1;
    PipelineOptions options;
    options.window = false;
    options.max_frames = 30;
    options.json = (dir / "out.jsonl").string();
    options.record = dir / "out.avi";
    PacedSource source;
    const RunSummary summary = Pipeline(config, options).run(source, std::stop_source().get_token());
    // Dropped frames do not end the run (the segmentation thread once took a drop for a stop).
    EXPECT_EQ(summary.stopped_by, "max frames");
    ASSERT_EQ(summary.processed, 30);
    ASSERT_GT(summary.dropped, 0) << "no frame was dropped: the test proved nothing";

    std::ifstream in(dir / "out.jsonl");
    std::vector<nlohmann::json> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(static_cast<std::int64_t>(lines.size()), summary.processed);
    EXPECT_GT(lines.back()["frame"].get<std::int64_t>() - lines.front()["frame"].get<std::int64_t>() + 1,
              summary.processed);
    // One recorded frame per 1/fps of the source's time from the first frame read to the last (the JSON's
    // times are rounded to 0.1 ms, so the count may land one either side).
    const double span_ms = lines.back()["time_ms"].get<double>() - lines.front()["time_ms"].get<double>();
    const auto slots = std::llround(span_ms * PacedSource::kFps / 1000.0) + 1;
    EXPECT_GT(summary.recorded_frames, summary.processed);
    EXPECT_NEAR(static_cast<double>(summary.recorded_frames), static_cast<double>(slots), 1.0);
    cv::VideoCapture recording((dir / "out.avi").string());
    EXPECT_NEAR(recording.get(cv::CAP_PROP_FPS), PacedSource::kFps, 0.01);
    int frames = 0;
    for (cv::Mat img; recording.read(img);) ++frames;
    EXPECT_EQ(frames, summary.recorded_frames);
}

// The recording is written on a thread of its own; a file it cannot open still ends the run with the
// error that names it.
TEST_F(PipelineRun, ARecordingThatCannotBeOpenedEndsTheRunWithItsError) {
    const auto dir = test::tempDir();
    Pipeline pipeline = recordingRun(dir, 40);
    std::filesystem::create_directory(dir / "out.mp4");  // a folder where the file should go
    try {
        pipeline.run(std::stop_source().get_token());
        FAIL() << "the run did not fail";
    } catch (const OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("out.mp4: cannot open for writing"), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace digitcam
