// One frame in, everything it contains out: segment -> alternatives (split touching digits, join broken
// ones) -> normalize -> classify (one batch: regions and alternatives) -> choose -> read.
// Knows nothing of threads; the pipeline, the evaluators and the benchmarks all use it. Segmentation, the
// first step, and the rest use apart what they keep (the segmenter; the classifiers and their buffers),
// so one thread may segment the next frame while another reads this one (Pipeline).
#pragma once

#include <functional>
#include <memory>

#include "digitcam/alternatives.hpp"
#include "digitcam/classifier.hpp"
#include "digitcam/config.hpp"
#include "digitcam/number_reader.hpp"
#include "digitcam/segmenter.hpp"
#include "digitcam/types.hpp"

namespace digitcam {

class FrameProcessor {
  public:
    // Loads the model named by config.classifier, and its display model when classifier.display is on and
    // classifier.display_model names one (resolveModels sets it; empty: none); throws ModelError.
    explicit FrameProcessor(const Config& config);

    // Fills everything but latency_ms, which only the caller can know: segment() then read().
    FrameResult process(const Frame& frame);
    // The first step on its own: the frame's segmentation, with its own copies of the images, in `out`
    // (whose images' buffers are reused when they fit: hand back a segmentation read already).
    void segment(const Frame& frame, Segmentation& out);
    // The rest: alternatives, classification, choice, reading, of the frame `segmentation` was made of.
    FrameResult read(const Frame& frame, const Segmentation& segmentation);

    const AdaptiveThresholdSegmenter& segmenter() const { return segmenter_; }

    // With tracing on, every result carries the fate of every region and mark (FrameResult::trace).
    void setTrace(bool on);

    // Called with every candidate's box and the 28x28 input the classifier reads for it (regions,
    // pieces of splits, joins), for `digits harvest`; the input is only valid during the call.
    using CropSink = std::function<void(const cv::Rect& box, const cv::Mat& input)>;
    void setCropSink(CropSink sink) { crop_sink_ = std::move(sink); }

  private:
    AdaptiveThresholdSegmenter segmenter_;
    std::unique_ptr<DigitClassifier> classifier_;
    std::unique_ptr<DigitClassifier> display_classifier_;  // null when classifier.display is off
    NumberReader reader_;
    float min_confidence_;
    float second_look_;                   // crops read less sure than this are read again (config.classifier)
    float min_confidence_beside_;         // for a digit beside a sure one (config.reading)
    float min_confidence_beside_shaded_;  // ... for one read from its shades of grey (config.reading)
    float min_confidence_between_;        // ... for one between two sure ones (config.reading)
    float min_confidence_alone_;          // for a digit that is a number on its own (config.reading)
    double max_aspect_;                   // of a digit (config.segmentation), which a join must keep
    int block_size_;          // of the threshold (config.segmentation): smaller type may run together
    int shaded_below_;        // regions shorter than this are read from their grey levels (config.classifier)
    int min_height_;          // of a region (config.segmentation): shorter ink is a mark
    std::size_t max_pieces_;  // of alternatives classified per frame (config.segmentation)
    bool trace_ = false;
    CropSink crop_sink_;
    // Candidates, alternatives and the classifier's answers, one frame at a time.
    // Each split as an alternative replacing `replaced`, its pieces appended to the batch after the
    // `regions` regions.
    void addSplits(const std::vector<int>& replaced, std::vector<std::vector<Region>> splits,
                   std::size_t regions, std::vector<Region>& pieces);
    // Joins of regions and marks into one digit; a stacked join as wide as two digits is cut in turn
    // (touching digits, one of them broken), and so is one too wide for a digit, which is no join.
    void addJoins(const Segmentation& segmentation, std::vector<Region>& pieces);
    // A large region found one scale down (AdaptiveThresholdSegmenter::large()) as a join of the regions
    // inside it; when one of them is the digit found whole, a reading again for when that one is unsure.
    void addLarge(const Segmentation& segmentation, std::vector<Region>& pieces);
    // Two narrow digits written into each other (the 7s of "87773") make a region no wider than one wide
    // digit, which is not cut as a pair by its shape alone. Read as no digit between sure digits of its
    // number (`predictions` of `regions`), or at its start or end and less than kUnsureNoDigit sure of
    // it (the touching "49" of "49451"), it is cut as a pair after all, its pieces read in a second, small
    // batch.
    void addNarrowPairs(const std::vector<Region>& regions, const std::vector<Prediction>& predictions,
                        std::vector<Region>& pieces);
    // Three touching digits whose cuts around the thirds miss (a slim 1 at an end: "441"): two cuts in two
    // of ink that some cut in two reads as two sure digits (`predictions`), one leaving a sure digit on its
    // left and one on its right (a 1 there as tall as the ink, no sliver of a digit's side), cut it in
    // three, the ink between them read in the second batch (inkBetweenCuts) and chosen as any cut is.
    void addThreeByTwoCuts(const std::vector<Region>& regions, const std::vector<Prediction>& predictions,
                           std::vector<Region>& pieces);
    // A small digit broken in two pieces each shorter than a region may be (a 22 px 5 whose bar, 9 px
    // high, came apart from its bowl, 11 px): two marks, one above the other, each at least half as tall
    // as the two together, which are as tall as a region beside them on their line and clear of every
    // region, joined into a digit of their own.
    void addStackedMarks(const Segmentation& segmentation, std::vector<Region>& pieces);
    std::vector<Alternative> alternatives_;
    cv::Mat scores_;               // reused: both batches' scores, when a second batch is read
    std::vector<cv::Mat> inputs_;  // reused: one 28x28 buffer per candidate slot
};

}  // namespace digitcam
