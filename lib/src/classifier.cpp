#include "digitcam/classifier.hpp"

#include <fmt/format.h>

#include "digitcam/normalizer.hpp"

namespace digitcam {

DigitClassifier::DigitClassifier(const std::filesystem::path& model) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(model, ec)) {
        throw ModelError(fmt::format("model: {}: no such file", model.string()));
    }
    try {
        net_ = cv::dnn::readNetFromONNX(model.string());
    } catch (const cv::Exception& e) {
        throw ModelError(fmt::format("model: {}: not a loadable ONNX model ({})", model.string(), e.err));
    }
    if (net_.empty()) throw ModelError(fmt::format("model: {}: not a loadable ONNX model", model.string()));
    net_.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net_.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);

    // A first pass checks the shapes now rather than on the first frame.
    try {
        classify({cv::Mat::zeros(kInputSide, kInputSide, CV_8U)});
    } catch (const cv::Exception& e) {
        throw ModelError(fmt::format("model: {}: does not take a 1x1x{}x{} input ({})", model.string(),
                                     kInputSide, kInputSide, e.err));
    }
    if (probs_.rows != 1 || probs_.cols < 10) {
        throw ModelError(fmt::format("model: {}: gives {} outputs per input, expected at least 10 classes",
                                     model.string(), probs_.total()));
    }
    classes_ = probs_.cols;
}

std::vector<Prediction> DigitClassifier::classify(const std::vector<cv::Mat>& inputs) {
    std::vector<Prediction> out;
    if (inputs.empty()) return out;
    cv::dnn::blobFromImages(inputs, blob_, 1.0 / 255.0, cv::Size(), cv::Scalar(), false, false, CV_32F);
    net_.setInput(blob_);
    cv::Mat result = net_.forward();
    probs_ = result.reshape(1, static_cast<int>(inputs.size()));
    out.reserve(inputs.size());
    for (int i = 0; i < probs_.rows; ++i) {
        cv::Point best;
        double conf = 0.0;
        cv::minMaxLoc(probs_.row(i), nullptr, &conf, nullptr, &best);
        out.push_back({best.x, static_cast<float>(conf)});
    }
    return out;
}

}  // namespace digitcam
