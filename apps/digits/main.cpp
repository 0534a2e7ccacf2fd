// digits: the project's evaluators. `digits eval-mnist DIR` measures the shipped classifier on the
// MNIST test set through cv::dnn, exactly as the live path calls it.
#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "digitcam/classifier.hpp"
#include "digitcam/mnist.hpp"
#include "digitcam/normalizer.hpp"
#include "digitcam/resources.hpp"

namespace {

// [truth][predicted]; the last column counts digits the model called "not a digit".
using Confusion = std::array<std::array<std::int64_t, 11>, 10>;

void plotConfusion(const Confusion& m, int columns, const std::string& path) {
    constexpr int cell = 48;
    constexpr int margin = 40;
    cv::Mat img(margin + 10 * cell + 10, margin + columns * cell + 10, CV_8UC3, cv::Scalar(255, 255, 255));
    for (int t = 0; t < 10; ++t) {
        std::int64_t row = 0;
        for (const std::int64_t n : m[t]) row += n;
        for (int p = 0; p < columns; ++p) {
            const double share = row ? static_cast<double>(m[t][p]) / static_cast<double>(row) : 0.0;
            // Off-diagonal errors are rare: a square-root scale keeps them visible.
            const int shade = 255 - static_cast<int>(255 * std::sqrt(share));
            const cv::Rect box(margin + p * cell, margin + t * cell, cell, cell);
            cv::rectangle(img, box, t == p ? cv::Scalar(shade, 255, shade) : cv::Scalar(shade, shade, 255),
                          cv::FILLED);
            cv::rectangle(img, box, cv::Scalar(200, 200, 200));
            if (m[t][p]) {
                cv::putText(img, std::to_string(m[t][p]), box.tl() + cv::Point(4, cell / 2 + 5),
                            cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
            }
        }
        cv::putText(img, std::to_string(t), {12, margin + t * cell + cell / 2 + 6}, cv::FONT_HERSHEY_SIMPLEX,
                    0.6, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    }
    for (int p = 0; p < columns; ++p) {
        cv::putText(img, p < 10 ? std::to_string(p) : "no", {margin + p * cell + cell / 2 - 8, 28},
                    cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    }
    if (!cv::imwrite(path, img)) throw std::runtime_error(fmt::format("plot: {}: cannot write", path));
    spdlog::info("confusion matrix plot: {}", path);
}

// An MNIST digit as a camera would hand it to the classifier: enlarged 3x, binarized as the segmenter's
// mask is, cropped to its ink and normalized by the live path's own normalizeDigit().
cv::Mat throughLivePath(const cv::Mat& digit) {
    cv::Mat big;
    cv::resize(digit, big, {}, 3.0, 3.0, cv::INTER_LINEAR);
    cv::threshold(big, big, 127, 255, cv::THRESH_BINARY);
    cv::Mat out;
    digitcam::normalizeDigit(big(cv::boundingRect(big)), out);
    return out;
}

int evalMnist(const std::string& dir, const digitcam::ClassifierConfig& model, int batch, std::size_t limit,
              const std::optional<std::string>& plot, bool live_path) {
    digitcam::MnistSet test = digitcam::readMnist(dir, "test", limit);
    if (live_path) {
        for (auto& image : test.images) image = throughLivePath(image);
    }
    const auto classifier_ptr = digitcam::loadClassifier(model.kind, digitcam::modelPath(model));
    digitcam::DigitClassifier& classifier = *classifier_ptr;

    Confusion confusion{};
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < test.images.size(); i += static_cast<std::size_t>(batch)) {
        const std::size_t end = std::min(test.images.size(), i + static_cast<std::size_t>(batch));
        const std::vector<cv::Mat> inputs(test.images.begin() + static_cast<long>(i),
                                          test.images.begin() + static_cast<long>(end));
        const auto predictions = classifier.classify(inputs);
        for (std::size_t k = 0; k < predictions.size(); ++k) {
            ++confusion[test.labels[i + k]][std::clamp(predictions[k].label, 0, digitcam::kNotADigit)];
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::int64_t correct = 0;
    std::int64_t total = 0;
    fmt::print("class  n     accuracy\n");
    for (int t = 0; t < 10; ++t) {
        std::int64_t row = 0;
        for (const std::int64_t n : confusion[t]) row += n;
        correct += confusion[t][t];
        total += row;
        fmt::print("{:<6} {:<5} {:.4f}\n", t, row,
                   row ? static_cast<double>(confusion[t][t]) / static_cast<double>(row) : 0.0);
    }
    const int columns = classifier.classes();
    fmt::print("\nconfusion (rows: truth, columns: predicted{})\n     ",
               columns > 10 ? "; 'no': not a digit" : "");
    for (int p = 0; p < columns; ++p) fmt::print("{:>6}", p < 10 ? std::to_string(p) : "no");
    fmt::print("\n");
    for (int t = 0; t < 10; ++t) {
        fmt::print("{:>5}", t);
        for (int p = 0; p < columns; ++p) fmt::print("{:>6}", confusion[t][p]);
        fmt::print("\n");
    }
    if (plot) plotConfusion(confusion, columns, *plot);
    fmt::print("accuracy={:.4f} n={} crops_per_s={:.0f} batch={}{}\n",
               static_cast<double>(correct) / static_cast<double>(total), total,
               static_cast<double>(total) / seconds, batch, live_path ? " input=live-path" : "");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    auto logger = spdlog::stderr_color_mt("digits");
    logger->set_pattern("%^[%l]%$ %v");
    spdlog::set_default_logger(logger);

    CLI::App app{"DigitCam evaluators"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("digits ") + DIGITCAM_VERSION);

    auto* eval = app.add_subcommand("eval-mnist", "accuracy of the classifier on the MNIST test set");
    std::string dir;
    digitcam::ClassifierConfig model;
    int batch = 256;
    std::size_t limit = 0;
    std::optional<std::string> plot;
    bool live_path = false;
    eval->add_option("DIR", dir, "folder with the four MNIST IDX files")->required();
    eval->add_option("--model", model.model, "model file (default: the bundled model of --kind)");
    eval->add_option("--kind", model.kind, "cnn (ONNX through cv::dnn) or svm (HOG + SVM)")
        ->transform(CLI::CheckedTransformer(std::map<std::string, digitcam::ClassifierKind>{
            {"cnn", digitcam::ClassifierKind::Cnn}, {"svm", digitcam::ClassifierKind::Svm}}))
        ->default_str("cnn");
    eval->add_option("--batch", batch, "crops per forward pass")
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();
    eval->add_option("--limit", limit, "evaluate only the first N test images (0: all)");
    eval->add_option("--plot", plot, "write the confusion matrix as a PNG here");
    eval->add_flag(
        "--live-path", live_path,
        "feed each digit as the camera path would: enlarged, binarized, cropped, normalized again");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        return evalMnist(dir, model, batch, limit, plot, live_path);
    } catch (const cv::Exception& e) {
        spdlog::error("opencv: {}", e.err);
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
    }
    return 1;
}
