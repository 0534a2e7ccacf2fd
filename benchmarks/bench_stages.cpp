// Per-stage cost on a 720p frame of the demo clip: threshold, contours (+ filters), normalization,
// classification at several batch sizes, the whole reading (and of a crowded frame), and following the
// numbers from frame to frame. Run:
// build/benchmarks/bench_stages
#include <cstdlib>
#include <fstream>

#include <benchmark/benchmark.h>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "digitcam/classifier.hpp"
#include "digitcam/frame_processor.hpp"
#include "digitcam/normalizer.hpp"
#include "digitcam/number_tracker.hpp"
#include "digitcam/segmenter.hpp"

namespace {

const std::string kSourceDir = DIGITCAM_SOURCE_DIR;

// The CNN to time: the shipped one, or $DIGITCAM_BENCH_MODEL (to compare candidates in one run).
std::string cnnModel() {
    const char* env = std::getenv("DIGITCAM_BENCH_MODEL");
    return env && *env ? env : kSourceDir + "/models/digits.onnx";
}

const cv::Mat& demoFrame() {
    static const cv::Mat frame = [] {
        cv::VideoCapture capture(kSourceDir + "/assets/demo.mp4");
        cv::Mat f;
        for (int i = 0; i < 30 && capture.read(f); ++i) {
        }
        if (f.empty()) throw std::runtime_error("bench: cannot read assets/demo.mp4");
        return f;
    }();
    return frame;
}

// The crops of the demo frame, repeated to fill a batch: real digits, as the live path makes them.
std::vector<cv::Mat> demoInputs(std::size_t n) {
    digitcam::AdaptiveThresholdSegmenter segmenter(digitcam::SegmentationConfig{});
    const auto regions = segmenter.segment(demoFrame());
    if (regions.empty()) throw std::runtime_error("bench: no regions in the demo frame");
    std::vector<cv::Mat> inputs(n);
    for (std::size_t i = 0; i < n; ++i) digitcam::normalizeDigit(regions[i % regions.size()].ink, inputs[i]);
    return inputs;
}

void BM_Threshold(benchmark::State& state) {
    digitcam::AdaptiveThresholdSegmenter segmenter(digitcam::SegmentationConfig{});
    for (auto _ : state) {
        segmenter.threshold(demoFrame());
        benchmark::DoNotOptimize(segmenter.mask().data);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetLabel("720p frames");
}
BENCHMARK(BM_Threshold)->Unit(benchmark::kMillisecond);

void BM_Contours(benchmark::State& state) {
    digitcam::AdaptiveThresholdSegmenter segmenter(digitcam::SegmentationConfig{});
    segmenter.threshold(demoFrame());
    std::size_t regions = 0;
    for (auto _ : state) {
        regions = segmenter.findRegions().size();  // reads the mask, leaves it as it was
        benchmark::DoNotOptimize(regions);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(std::to_string(regions) + " regions per frame");
}
BENCHMARK(BM_Contours)->Unit(benchmark::kMillisecond);

// The whole segmentation, with the search for large digits one scale down off (0) and on (4).
void BM_Segment(benchmark::State& state) {
    digitcam::SegmentationConfig config;
    config.coarse_scale = static_cast<int>(state.range(0));
    digitcam::AdaptiveThresholdSegmenter segmenter(config);
    std::size_t regions = 0;
    for (auto _ : state) {
        regions = segmenter.segment(demoFrame()).size();
        benchmark::DoNotOptimize(regions);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(std::to_string(segmenter.large().size()) + " large regions per frame");
}
BENCHMARK(BM_Segment)->Arg(0)->Arg(4)->Arg(6)->Unit(benchmark::kMillisecond);

void BM_Normalize(benchmark::State& state) {
    digitcam::AdaptiveThresholdSegmenter segmenter(digitcam::SegmentationConfig{});
    const auto regions = segmenter.segment(demoFrame());
    cv::Mat out;
    std::size_t i = 0;
    for (auto _ : state) {
        digitcam::normalizeDigit(regions[i++ % regions.size()].ink, out);
        benchmark::DoNotOptimize(out.data);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetLabel("crops");
}
BENCHMARK(BM_Normalize)->Unit(benchmark::kMicrosecond);

void BM_Classify(benchmark::State& state) {
    digitcam::CnnClassifier classifier(cnnModel());
    const auto inputs = demoInputs(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(classifier.classify(inputs));
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.SetLabel("crops");
}
BENCHMARK(BM_Classify)
    ->Arg(1)
    ->Arg(8)
    ->Arg(32)
    ->Arg(64)
    ->Arg(128)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The seed's way: one forward pass per contour, for the same crops.
void BM_ClassifyOneByOne(benchmark::State& state) {
    digitcam::CnnClassifier classifier(cnnModel());
    const auto inputs = demoInputs(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        for (const auto& input : inputs) benchmark::DoNotOptimize(classifier.classify({input}));
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.SetLabel("crops");
}
BENCHMARK(BM_ClassifyOneByOne)->Arg(32)->Arg(64)->Unit(benchmark::kMillisecond)->UseRealTime();

// The HOG + SVM baseline on the same crops, if `make svm` has made its model.
void BM_SvmClassify(benchmark::State& state) {
    const std::string model = kSourceDir + "/models/digits-svm.yml";
    if (!std::ifstream(model)) {
        state.SkipWithError("models/digits-svm.yml missing: run `make svm`");
        return;
    }
    digitcam::HogSvmClassifier classifier(model);
    const auto inputs = demoInputs(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        if (state.range(1) == 0) {
            benchmark::DoNotOptimize(classifier.classify(inputs));
        } else {
            for (const auto& input : inputs) benchmark::DoNotOptimize(classifier.classify({input}));
        }
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.SetLabel(state.range(1) == 0 ? "crops, one call" : "crops, one call per crop");
}
BENCHMARK(BM_SvmClassify)->Args({64, 0})->Args({64, 1})->Unit(benchmark::kMillisecond)->UseRealTime();

// A crowded 720p frame: blurred noise, as a textured surface (a carpet, gravel, a security pattern) gives,
// with a blob every few pixels: max_candidates candidates, each with dozens of cuts and joins.
const cv::Mat& crowdedFrame() {
    static const cv::Mat frame = [] {
        cv::Mat noise(720, 1280, CV_8U);
        cv::RNG(1).fill(noise, cv::RNG::UNIFORM, 0, 256);
        cv::GaussianBlur(noise, noise, {0, 0}, 2.0);
        cv::normalize(noise, noise, 0, 255, cv::NORM_MINMAX);
        cv::Mat bgr;
        cv::cvtColor(noise, bgr, cv::COLOR_GRAY2BGR);
        return bgr;
    }();
    return frame;
}

// The whole reading of a frame (FrameProcessor::process), the demo frame (0) or the crowded one (1), with
// segmentation.max_pieces at the second argument (100000: no bound).
void BM_Process(benchmark::State& state) {
    digitcam::Config config;
    config.classifier.model = cnnModel();
    config.segmentation.max_pieces = static_cast<int>(state.range(1));
    digitcam::FrameProcessor processor(config);
    const cv::Mat& image = state.range(0) == 0 ? demoFrame() : crowdedFrame();
    std::size_t crops = 0;
    processor.setCropSink([&](const cv::Rect&, const cv::Mat&) { ++crops; });
    for (auto _ : state) {
        const digitcam::FrameResult read = processor.process(digitcam::Frame{image, 0, 0.0, {}, "bench"});
        benchmark::DoNotOptimize(read.digits.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(std::to_string(crops / static_cast<std::size_t>(state.iterations())) + " crops per frame");
}
BENCHMARK(BM_Process)
    ->Args({0, 1024})
    ->Args({1, 0})
    ->Args({1, 256})
    ->Args({1, 1024})
    ->Args({1, 100000})
    ->Unit(benchmark::kMillisecond);

// Following the numbers from frame to frame (tracking.frames = 9): the thumbnail that tells a cut,
// matching and voting, on the demo frame's numbers, frame after frame.
void BM_Track(benchmark::State& state) {
    digitcam::Config config;
    config.classifier.model = cnnModel();
    digitcam::FrameProcessor processor(config);
    const digitcam::FrameResult read = processor.process(digitcam::Frame{demoFrame(), 0, 0.0, {}, "demo"});
    digitcam::NumberTracker tracker(config.tracking);
    std::int64_t index = 0;
    for (auto _ : state) {
        digitcam::FrameResult result = read;
        result.index = index++;
        tracker.update(demoFrame(), result);
        benchmark::DoNotOptimize(result.numbers.data());
    }
    state.counters["numbers"] = static_cast<double>(read.numbers.size());
}
BENCHMARK(BM_Track)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
