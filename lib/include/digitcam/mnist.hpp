// Reads the raw MNIST IDX files, with errors that name the file and what is wrong with it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace digitcam {

class DatasetError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct MnistSet {
    std::vector<cv::Mat> images;  // CV_8U 28x28, white digit on black
    std::vector<int> labels;
};

// split "train" or "test" (t10k). `limit` > 0 reads only the first `limit` items.
MnistSet readMnist(const std::filesystem::path& dir, const std::string& split, std::size_t limit = 0);

// Any pair of IDX files of 28x28 crops and their labels (0..max_label), e.g. the held-out printed digits
// and "not a digit" crops (label 10) that tools/eval_held_out.py writes.
MnistSet readIdxCrops(const std::filesystem::path& images, const std::filesystem::path& labels, int max_label,
                      std::size_t limit = 0);

// Writes `set` (28x28 CV_8U crops, labels 0..255) as such a pair of IDX files; throws DatasetError naming
// the file that cannot be written.
void writeIdxCrops(const std::filesystem::path& images, const std::filesystem::path& labels,
                   const MnistSet& set);

}  // namespace digitcam
