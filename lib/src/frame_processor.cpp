#include "digitcam/frame_processor.hpp"

#include "digitcam/normalizer.hpp"

namespace digitcam {

FrameProcessor::FrameProcessor(const Config& config)
    : segmenter_(config.segmentation),
      classifier_(loadClassifier(config.classifier.kind, config.classifier.model)),
      reader_(config.reading),
      min_confidence_(static_cast<float>(config.classifier.min_confidence)) {}

void FrameProcessor::setTrace(bool on) {
    trace_ = on;
    segmenter_.setTrace(on);
}

FrameResult FrameProcessor::process(const Frame& frame) {
    FrameResult result;
    result.index = frame.index;
    result.time_ms = frame.time_ms;
    result.source = frame.source;
    result.size = frame.image.size();

    const std::vector<Region> regions = segmenter_.segment(frame.image);
    result.candidates = static_cast<int>(regions.size());
    if (inputs_.size() < regions.size()) inputs_.resize(regions.size());
    for (std::size_t i = 0; i < regions.size(); ++i) normalizeDigit(regions[i].ink, inputs_[i]);
    const std::vector<cv::Mat> batch(inputs_.begin(), inputs_.begin() + static_cast<long>(regions.size()));

    const std::vector<Prediction> predictions = classifier_->classify(batch);
    std::vector<Mark> marks = segmenter_.marks();
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const Region& region = regions[i];
        const Prediction& p = predictions[i];
        Verdict verdict = Verdict::Digit;
        if (p.label == kNotADigit) {
            verdict = Verdict::NotADigit;
            ++result.not_digits;
            marks.push_back({region.box, region.light_on_dark});
        } else if (p.conf < min_confidence_) {
            verdict = Verdict::Unsure;
        } else {
            result.digits.push_back({region.box, p.label, p.conf, region.light_on_dark});
        }
        if (trace_) result.trace.push_back({region.box, verdict, p.label, p.conf});
    }
    if (trace_) {
        for (const Mark& m : segmenter_.marks()) result.trace.push_back({m.box, Verdict::Mark});
        for (const cv::Rect& box : segmenter_.ground()) result.trace.push_back({box, Verdict::Ground});
    }
    result.numbers = reader_.read(result.digits, marks);
    return result;
}

}  // namespace digitcam
