#include "digitcam/alternatives.hpp"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace digitcam {
namespace {

// Each half of a split spans at least this share of the region's height.
constexpr double kMinPieceHeight = 0.7;

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
    // Touching digits stand about as tall as the pair; a piece that spans much less is a letter's bowl
    // or arm (the P of "PAY" cut into a 1 and a 7).
    if (std::min(left->box.height, right->box.height) < kMinPieceHeight * box.height) return {};
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

std::vector<std::size_t> chooseAlternatives(const std::vector<Alternative>& alternatives,
                                            const std::vector<Prediction>& predictions,
                                            float min_confidence) {
    // How sure the classifier is that a crop is a digit it would report; 0 when it would not.
    auto score = [&](std::size_t crop) {
        const Prediction& p = predictions[crop];
        return p.label != kNotADigit && p.conf >= min_confidence ? p.conf : 0.f;
    };
    std::vector<std::pair<float, std::size_t>> ranked;
    for (std::size_t k = 0; k < alternatives.size(); ++k) {
        const Alternative& alt = alternatives[k];
        float weakest = 1.f;
        for (std::size_t crop : alt.crops) weakest = std::min(weakest, score(crop));
        const bool explains_more =
            !alt.split && (alt.fragment || alt.regions.size() == 1 ||
                           std::any_of(alt.regions.begin(), alt.regions.end(),
                                       [&](int r) { return score(static_cast<std::size_t>(r)) == 0.f; }));
        float replaced = 0.f;
        if (!explains_more) {
            for (int r : alt.regions) {
                const Prediction& whole = predictions[static_cast<std::size_t>(r)];
                const float no_digit = alt.split && whole.label == kNotADigit ? whole.conf : 0.f;
                replaced = std::max({replaced, score(static_cast<std::size_t>(r)), no_digit});
            }
        }
        const bool strokes =
            alt.split && std::all_of(alt.crops.begin(), alt.crops.end(),
                                     [&](std::size_t crop) { return predictions[crop].label == 1; });
        if (weakest > replaced && !strokes) ranked.emplace_back(weakest, k);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::size_t> chosen;
    std::vector<int> taken;
    for (const auto& [conf, k] : ranked) {
        const Alternative& alt = alternatives[k];
        if (std::any_of(alt.regions.begin(), alt.regions.end(),
                        [&](int r) { return std::find(taken.begin(), taken.end(), r) != taken.end(); })) {
            continue;
        }
        taken.insert(taken.end(), alt.regions.begin(), alt.regions.end());
        chosen.push_back(k);
    }
    return chosen;
}

}  // namespace digitcam
