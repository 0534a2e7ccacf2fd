#include "digitcam/frame_processor.hpp"

#include "digitcam/normalizer.hpp"

namespace digitcam {

FrameProcessor::FrameProcessor(const Config& config)
    : segmenter_(config.segmentation),
      classifier_(loadClassifier(config.classifier.kind, config.classifier.model)),
      reader_(config.reading),
      min_confidence_(static_cast<float>(config.classifier.min_confidence)) {}

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
        if (predictions[i].label == kNotADigit) {
            ++result.not_digits;
            marks.push_back({region.box, region.light_on_dark});
            continue;
        }
        if (predictions[i].conf < min_confidence_) continue;
        result.digits.push_back(
            {region.box, predictions[i].label, predictions[i].conf, region.light_on_dark});
    }
    result.numbers = reader_.read(result.digits, marks);
    return result;
}

}  // namespace digitcam
