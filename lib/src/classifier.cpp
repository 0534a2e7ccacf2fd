#include "digitcam/classifier.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "digitcam/normalizer.hpp"

namespace digitcam {
namespace {

void checkExists(const std::filesystem::path& model) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(model, ec)) {
        throw ModelError(fmt::format("model: {}: no such file", model.string()));
    }
}

int checkClasses(const std::filesystem::path& model, int classes) {
    if (classes != 10 && classes != 11) {
        throw ModelError(
            fmt::format("model: {}: has {} classes, expected 10 (digits) or 11 (digits and 'not a digit')",
                        model.string(), classes));
    }
    return classes;
}

}  // namespace

std::unique_ptr<DigitClassifier> loadClassifier(ClassifierKind kind, const std::filesystem::path& model) {
    if (kind == ClassifierKind::Svm) return std::make_unique<HogSvmClassifier>(model);
    return std::make_unique<CnnClassifier>(model);
}

CnnClassifier::CnnClassifier(const std::filesystem::path& model) {
    checkExists(model);
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
    classes_ = checkClasses(model, probs_.rows == 1 ? probs_.cols : static_cast<int>(probs_.total()));
}

std::vector<Prediction> CnnClassifier::classify(const std::vector<cv::Mat>& inputs) {
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

cv::HOGDescriptor HogSvmClassifier::descriptor() {
    return cv::HOGDescriptor({kInputSide, kInputSide}, {14, 14}, {7, 7}, {7, 7}, 9);
}

HogSvmClassifier::HogSvmClassifier(const std::filesystem::path& model) : hog_(descriptor()) {
    checkExists(model);
    try {
        svm_ = cv::ml::SVM::load(model.string());
    } catch (const cv::Exception& e) {
        throw ModelError(fmt::format("model: {}: not a loadable cv::ml SVM ({})", model.string(), e.err));
    }
    if (!svm_ || !svm_->isTrained()) {
        throw ModelError(fmt::format("model: {}: not a trained cv::ml SVM", model.string()));
    }
    if (svm_->getVarCount() != static_cast<int>(hog_.getDescriptorSize())) {
        throw ModelError(fmt::format("model: {}: takes {} features, the HOG descriptor gives {}",
                                     model.string(), svm_->getVarCount(), hog_.getDescriptorSize()));
    }
    if (svm_->getKernelType() != cv::ml::SVM::RBF) {
        throw ModelError(
            fmt::format("model: {}: expected an RBF-kernel SVM (tools/train_svm.py)", model.string()));
    }
    support_vectors_ = svm_->getSupportVectors();
    // The votes below index classes by position; that is their label only when the labels are 0..K-1.
    cv::Mat labels;
    cv::FileStorage(model.string(), cv::FileStorage::READ)["opencv_ml_svm"]["class_labels"] >> labels;
    labels = labels.reshape(1, 1);
    for (int i = 0; i < labels.cols; ++i) {
        if (labels.at<int>(i) != i) {
            throw ModelError(
                fmt::format("model: {}: class labels must be 0..{}", model.string(), labels.cols - 1));
        }
    }
    classes_ = checkClasses(model, labels.cols);

    cv::reduce(support_vectors_.mul(support_vectors_), sv_norms_, 1, cv::REDUCE_SUM);
    sv_norms_ = sv_norms_.t();
    for (int a = 0, pair = 0; a < classes_; ++a) {
        for (int b = a + 1; b < classes_; ++b, ++pair) {
            Duel duel{a, b, 0.0, {}, {}};
            duel.rho = svm_->getDecisionFunction(pair, duel.alpha, duel.index);
            duel.alpha = duel.alpha.reshape(1, 1);
            duel.index = duel.index.reshape(1, 1);
            duels_.push_back(std::move(duel));
        }
    }
}

std::vector<Prediction> HogSvmClassifier::classify(const std::vector<cv::Mat>& inputs) {
    std::vector<Prediction> out;
    if (inputs.empty()) return out;
    const int dims = static_cast<int>(hog_.getDescriptorSize());
    samples_.create(static_cast<int>(inputs.size()), dims, CV_32F);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        hog_.compute(inputs[i], features_);
        std::copy(features_.begin(), features_.end(), samples_.ptr<float>(static_cast<int>(i)));
    }
    // OpenCV's one-vs-one SVM gives a label but no confidence; the votes behind the label are one. They
    // are counted here from the decision functions, as cv::ml::SVM::predict counts them, with the RBF
    // kernel exp(-gamma |x - sv|^2) of every sample and support vector from one matrix product.
    cv::Mat sample_norms;
    cv::reduce(samples_.mul(samples_), sample_norms, 1, cv::REDUCE_SUM);
    cv::gemm(samples_, support_vectors_, -2.0, cv::noArray(), 0.0, kernel_, cv::GEMM_2_T);
    kernel_ += cv::repeat(sample_norms, 1, kernel_.cols);
    kernel_ += cv::repeat(sv_norms_, kernel_.rows, 1);
    kernel_ *= -svm_->getGamma();
    cv::exp(kernel_, kernel_);

    scores_.create(kernel_.rows, classes_, CV_32F);
    out.reserve(inputs.size());
    for (int i = 0; i < kernel_.rows; ++i) {
        const float* k = kernel_.ptr<float>(i);
        float* share = scores_.ptr<float>(i);
        std::fill(share, share + classes_, 0.f);
        for (const Duel& duel : duels_) {
            double sum = -duel.rho;
            const double* alpha = duel.alpha.ptr<double>();
            const int* index = duel.index.ptr<int>();
            for (int n = 0; n < duel.alpha.cols; ++n) sum += alpha[n] * k[index[n]];
            share[sum > 0 ? duel.first : duel.second] += 1.f / static_cast<float>(classes_ - 1);
        }
        const float* best = std::max_element(share, share + classes_);
        out.push_back({static_cast<int>(best - share), *best});
    }
    return out;
}

void secondLook(DigitClassifier& classifier, const std::vector<cv::Mat>& inputs, const cv::Mat& scores,
                std::vector<Prediction>& predictions, float below, const std::vector<bool>& leave) {
    std::vector<std::size_t> unsure;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const Prediction& p = predictions[i];
        if (wantsSecondLook(p, below) && (leave.empty() || !leave[i])) {
            unsure.push_back(i);
        }
    }
    if (unsure.empty()) return;
    // The first reading's scores, before the call below replaces them.
    cv::Mat sum(static_cast<int>(unsure.size()), classifier.classes(), CV_32F);
    std::vector<cv::Mat> variants(2 * unsure.size());
    const cv::Mat cross = cv::getStructuringElement(cv::MORPH_CROSS, {3, 3});
    for (std::size_t k = 0; k < unsure.size(); ++k) {
        scores.row(static_cast<int>(unsure[k])).copyTo(sum.row(static_cast<int>(k)));
        cv::dilate(inputs[unsure[k]], variants[2 * k], cross);
        cv::GaussianBlur(inputs[unsure[k]], variants[2 * k + 1], {3, 3}, 0);
    }
    classifier.classify(variants);
    const cv::Mat& again = classifier.scores();
    for (std::size_t k = 0; k < unsure.size(); ++k) {
        cv::Mat row = sum.row(static_cast<int>(k));
        row += again.row(static_cast<int>(2 * k)) + again.row(static_cast<int>(2 * k + 1));
        cv::Point best;
        double total = 0.0;
        cv::minMaxLoc(row, nullptr, &total, nullptr, &best);
        predictions[unsure[k]] = {best.x, static_cast<float>(total / 3.0)};
    }
}

}  // namespace digitcam
