#include "digitcam/alternatives.hpp"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace digitcam {
namespace {

// The piece of `ink` in columns [from, to), cropped to its own ink, with its box in frame coordinates.
std::optional<Region> piece(const Region& region, int from, int to) {
    const cv::Mat cols = region.ink.colRange(from, to);
    const cv::Rect ink_box = cv::boundingRect(cols);
    if (ink_box.empty()) return std::nullopt;
    Region out;
    out.box = ink_box + region.box.tl() + cv::Point(from, 0);
    out.ink = cols(ink_box).clone();
    out.light_on_dark = region.light_on_dark;
    out.contrast = region.contrast;
    return out;
}

}  // namespace

std::vector<Region> splitTouching(const Region& region, double min_aspect_to_split) {
    const cv::Rect& box = region.box;
    if (box.width < min_aspect_to_split * box.height || box.width < 4) return {};
    // Ink per column; the cut goes through the thinnest column near the middle, where two touching
    // digits of about the same width join (not further out: a 4 or a 7 has thin columns of its own).
    cv::Mat column_ink;
    cv::reduce(region.ink, column_ink, 0, cv::REDUCE_SUM, CV_32S);
    const int from = box.width * 35 / 100;
    const int to = std::max(from + 1, box.width - from);
    int cut = from;
    for (int x = from; x < to; ++x) {
        if (column_ink.at<int>(x) < column_ink.at<int>(cut)) cut = x;
    }
    auto left = piece(region, 0, cut);
    auto right = piece(region, cut, box.width);
    if (!left || !right) return {};
    return {std::move(*left), std::move(*right)};
}

std::optional<Region> joinStacked(const cv::Rect& a, const cv::Rect& b, bool light_on_dark,
                                  const cv::Mat& mask) {
    const int overlap_x = std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
    if (2 * overlap_x < std::min(a.width, b.width)) return std::nullopt;
    const cv::Rect joined = a | b;
    const int gap_y = std::max(a.y, b.y) - std::min(a.y + a.height, b.y + b.height);
    if (4 * gap_y > joined.height) return std::nullopt;
    if (joined.width > joined.height) return std::nullopt;
    Region out;
    out.box = joined;
    out.ink = mask(joined).clone();
    out.light_on_dark = light_on_dark;
    return out;
}

}  // namespace digitcam
