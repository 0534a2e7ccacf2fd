// The one function that turns a region into the classifier's input. tools/preprocess.py is its twin
// for training; tests/train_serve_test.py proves they agree pixel for pixel.
#pragma once

#include <opencv2/core.hpp>

namespace digitcam {

inline constexpr int kInputSide = 28;    // the network's input: 28x28, as MNIST
inline constexpr int kDigitBox = 20;     // the longer side of the digit inside it
inline constexpr double kCentre = 14.0;  // where MNIST puts the centre of mass

// `ink`: CV_8U cropped to the region's box, 255 = ink. `out`: CV_8U 28x28, the longer side scaled to
// 20 px and the centre of mass at (14, 14). `out` is reused when it already has the right shape.
void normalizeDigit(const cv::Mat& ink, cv::Mat& out);

}  // namespace digitcam
