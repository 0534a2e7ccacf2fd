// Synthetic scenes with known truth, shared by the tests: MNIST test digits written as dark ink on
// light paper at chosen places, so every box and label that comes back can be checked.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "digitcam/config.hpp"
#include "digitcam/mnist.hpp"
#include "digitcam/types.hpp"

namespace digitcam::test {

inline std::filesystem::path sourceDir() {
    return DIGITCAM_SOURCE_DIR;
}
inline std::filesystem::path modelPath() {
    return sourceDir() / "models" / "digits.onnx";
}
inline std::filesystem::path displayModelPath() {
    return sourceDir() / "models" / "digits-display.onnx";
}
// The default config with the shipped models, as cam runs it.
Config shippedConfig();

// The MNIST folder: $DIGITCAM_MNIST_DIR (set by CMake/make test), fetched by scripts/fetch_mnist.sh.
std::filesystem::path mnistDir();
// The MNIST test set, read once per test binary.
const MnistSet& mnistTest();

// A fresh, empty folder under the system temp folder, named after the running test; removed when the
// test passes.
std::filesystem::path tempDir();

struct DrawnDigit {
    cv::Rect box;  // the ink's bounding box in the page
    int label;
};

// Writes `text` with MNIST test digits (the `pick`-th sample of each label) at `origin` (top-left),
// each digit `height` px tall, `gap` px apart. Returns each digit's ink box.
std::vector<DrawnDigit> writeDigits(cv::Mat& page, const std::string& text, cv::Point origin, int height,
                                    int gap, int pick = 0);

// The numbers the frame processor, with the shipped models and the default config (or `config`), reads in
// a picture of tests/data (a crop of a generated frame), in reading order, separated by spaces; fails the
// test when the picture cannot be read.
std::string readsInPicture(const std::string& file, const Config& config = shippedConfig());
// The same, for a picture (BGR).
std::string readsInImage(const cv::Mat& image, const Config& config = shippedConfig());

// A light, slightly uneven page (BGR).
cv::Mat blankPage(cv::Size size, int seed = 1);

// The segmenter's defaults, looking for dark ink on light paper only (as on the test pages).
inline SegmentationConfig darkOnLight() {
    SegmentationConfig config;
    config.polarity = Polarity::DarkOnLight;
    return config;
}

// Trains a small HOG + RBF SVM (as tools/train_svm.py does, on MNIST test digits [0, n)) and saves it
// in `dir`; returns its path. Evaluate it on digits from n on.
std::filesystem::path trainSmallSvm(const std::filesystem::path& dir, int n);

}  // namespace digitcam::test
