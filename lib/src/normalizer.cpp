#include "digitcam/normalizer.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace digitcam {
namespace {
// floor(x + 0.5): the rounding the Python twin uses too (Python's round() rounds halves to even).
int roundHalfUp(double x) {
    return static_cast<int>(std::floor(x + 0.5));
}
}  // namespace

void normalizeDigit(const cv::Mat& ink, cv::Mat& out) {
    CV_Assert(ink.type() == CV_8UC1 && !ink.empty());
    const double scale = static_cast<double>(kDigitBox) / std::max(ink.cols, ink.rows);
    const int w = std::clamp(roundHalfUp(ink.cols * scale), 1, kDigitBox);
    const int h = std::clamp(roundHalfUp(ink.rows * scale), 1, kDigitBox);
    cv::Mat small;
    cv::resize(ink, small, {w, h}, 0, 0, scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);

    const cv::Moments m = cv::moments(small);
    const double cx = m.m00 > 0 ? m.m10 / m.m00 : (w - 1) / 2.0;
    const double cy = m.m00 > 0 ? m.m01 / m.m00 : (h - 1) / 2.0;
    const int ox = std::clamp(roundHalfUp(kCentre - cx), 0, kInputSide - w);
    const int oy = std::clamp(roundHalfUp(kCentre - cy), 0, kInputSide - h);

    out.create(kInputSide, kInputSide, CV_8U);
    out.setTo(0);
    small.copyTo(out(cv::Rect(ox, oy, w, h)));
}

}  // namespace digitcam
