// Labels digit candidates with the ONNX network through cv::dnn: every candidate of a frame in one
// forward pass (an N x 1 x 28 x 28 blob).
#pragma once

#include <filesystem>
#include <stdexcept>
#include <vector>

#include <opencv2/dnn.hpp>

namespace digitcam {

struct Prediction {
    int label = -1;
    float conf = 0.f;  // the network's probability for `label`
};

// A model that cannot be loaded or does not have the expected shape; what() names the file.
class ModelError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class DigitClassifier {
  public:
    // Loads and checks the model: input N x 1 x 28 x 28 in [0, 1], output N x classes probabilities.
    explicit DigitClassifier(const std::filesystem::path& model);

    // One forward pass over all inputs (CV_8U 28x28, ink = 255). Empty in, empty out.
    std::vector<Prediction> classify(const std::vector<cv::Mat>& inputs);

    // Class probabilities of the last classify() call: one row per input.
    const cv::Mat& probabilities() const { return probs_; }
    int classes() const { return classes_; }

  private:
    cv::dnn::Net net_;
    int classes_ = 0;
    cv::Mat blob_;
    cv::Mat probs_;
};

}  // namespace digitcam
