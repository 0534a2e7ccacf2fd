// Labels digit candidates. Every candidate of a frame goes through one call; the CNN runs them in one
// cv::dnn forward pass (an N x 1 x 28 x 28 blob). The HOG + SVM classifier is the seed project's kind of
// model, kept as a baseline that runs through the same pipeline.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/ml.hpp>
#include <opencv2/objdetect.hpp>

#include "digitcam/config.hpp"

namespace digitcam {

// The class a model with 11 classes gives to what is not a digit (letters, punctuation, box edges, ...).
inline constexpr int kNotADigit = 10;

struct Prediction {
    int label = -1;    // 0-9, or kNotADigit
    float conf = 0.f;  // CNN: the network's probability; SVM: the share of its one-vs-one duels `label` won
};

// A model that cannot be loaded or does not have the expected shape; what() names the file.
class ModelError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class DigitClassifier {
  public:
    virtual ~DigitClassifier() = default;
    // All inputs (CV_8U 28x28, ink = 255, from normalizeDigit) in one call. Empty in, empty out.
    virtual std::vector<Prediction> classify(const std::vector<cv::Mat>& inputs) = 0;
    // Every class's score for each input of the last classify() call: one CV_32F row per input (CNN:
    // the probabilities; SVM: the share of its one-vs-one duels each class won).
    virtual const cv::Mat& scores() const = 0;
    // 10 (digits) or 11 (digits and kNotADigit).
    virtual int classes() const = 0;
    bool rejects() const { return classes() > kNotADigit; }
};

// Crops read as a digit less sure than this are not read again: nothing reports them anyway.
inline constexpr float kSecondLookFrom = 0.4f;

// Whether secondLook reads `p` again (a digit at least kSecondLookFrom but less than `below` sure).
inline bool wantsSecondLook(const Prediction& p, float below) {
    return p.label != kNotADigit && p.conf >= kSecondLookFrom && p.conf < below;
}
// The most a second look can make of a reading `conf` sure: the mean of it and two readings of at most 1.
inline float surestAfterSecondLook(float conf) {
    return (conf + 2.f) / 3.f;
}

// Reads again the inputs whose answers in `predictions` (the classifier's for `inputs`, with `scores` its
// scores for them, one row each: scores() after the classify() call that read them) are a digit at least
// kSecondLookFrom but less than `below` sure: each also with its ink thickened (a 3x3 cross) and with its
// edges softened (a 3x3 Gaussian), all in one more classify() call, and the three readings' scores averaged.
// A reading that does not hold when the ink is drawn a little bolder or softer is doubtful (a letter of a
// plate read as a digit goes below min_confidence), and one that holds gains (a stroke the threshold thinned
// reads surer thickened). Other answers are left as they are, and so are those of the inputs `leave` marks
// (when given, one flag per input): crops drawn from grey levels, whose edges are soft already, and crops
// whose reading cannot change what is chosen (settleHopelessPieces).
void secondLook(DigitClassifier& classifier, const std::vector<cv::Mat>& inputs, const cv::Mat& scores,
                std::vector<Prediction>& predictions, float below, const std::vector<bool>& leave = {});

// The classifier of `kind` from `model` (an .onnx network, or a cv::ml SVM saved as .yml).
std::unique_ptr<DigitClassifier> loadClassifier(ClassifierKind kind, const std::filesystem::path& model);

class CnnClassifier final : public DigitClassifier {
  public:
    // Loads and checks the model: input N x 1 x 28 x 28 in [0, 1], output N x 10 or N x 11 probabilities.
    explicit CnnClassifier(const std::filesystem::path& model);
    std::vector<Prediction> classify(const std::vector<cv::Mat>& inputs) override;
    const cv::Mat& scores() const override { return probs_; }
    int classes() const override { return classes_; }

  private:
    cv::dnn::Net net_;
    int classes_ = 0;
    cv::Mat blob_;
    cv::Mat probs_;
};

// HOG features of the 28x28 input (the same for training, tools/train_svm.py) and a multi-class SVM.
class HogSvmClassifier final : public DigitClassifier {
  public:
    explicit HogSvmClassifier(const std::filesystem::path& model);
    std::vector<Prediction> classify(const std::vector<cv::Mat>& inputs) override;
    const cv::Mat& scores() const override { return scores_; }
    int classes() const override { return classes_; }

    // The descriptor both training and serving use: 28x28 window, 14x14 blocks, 7x7 cells, 9 bins.
    static cv::HOGDescriptor descriptor();

  private:
    // One one-vs-one decision: sum(alpha * K(sv, x)) - rho > 0 votes for `first`, else for `second`.
    struct Duel {
        int first = 0;
        int second = 0;
        double rho = 0.0;
        cv::Mat alpha;  // CV_64F, 1 x n
        cv::Mat index;  // CV_32S, 1 x n: rows of support_vectors_
    };

    cv::Ptr<cv::ml::SVM> svm_;
    cv::HOGDescriptor hog_;
    int classes_ = 0;
    cv::Mat support_vectors_;  // CV_32F, one per row
    cv::Mat sv_norms_;         // CV_32F, 1 x n: squared norms of the support vectors
    std::vector<Duel> duels_;
    // Buffers reused from call to call.
    std::vector<float> features_;
    cv::Mat samples_;
    cv::Mat kernel_;
    cv::Mat scores_;
};

}  // namespace digitcam
