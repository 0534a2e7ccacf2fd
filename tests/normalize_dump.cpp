// Test helper: normalizes every PNG in IN_DIR with the C++ normalizer and writes the results to
// OUT_DIR under the same names, for tests/train_serve_test.py to compare with tools/preprocess.py.
#include <filesystem>
#include <iostream>

#include <opencv2/imgcodecs.hpp>

#include "digitcam/normalizer.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: normalize_dump IN_DIR OUT_DIR\n";
        return 2;
    }
    const std::filesystem::path out_dir = argv[2];
    std::filesystem::create_directories(out_dir);
    int n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        if (entry.path().extension() != ".png") continue;
        const cv::Mat ink = cv::imread(entry.path().string(), cv::IMREAD_UNCHANGED);
        if (ink.empty() || ink.type() != CV_8UC1) {
            std::cerr << entry.path() << ": not an 8-bit grey PNG\n";
            return 1;
        }
        cv::Mat out;
        digitcam::normalizeDigit(ink, out);
        if (!cv::imwrite((out_dir / entry.path().filename()).string(), out)) return 1;
        ++n;
    }
    std::cout << n << " normalized\n";
    return n > 0 ? 0 : 1;
}
