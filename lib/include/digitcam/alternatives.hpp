// Other readings of what the segmenter found, for the classifier to judge in the same batch as the
// regions themselves: two touching digits are one region, cut it in two; a digit broken into pieces
// (the floating bar of a 5, a 4 in two strokes) is two, join them.
#pragma once

#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "digitcam/types.hpp"

namespace digitcam {

// A region wide enough to hold two digits (width at least min_aspect_to_split x height), cut where its
// ink is thinnest in the middle 30 % of its width: the left and right pieces, each cropped to its ink.
// Empty when the region is narrower, or a piece would be empty.
std::vector<Region> splitTouching(const Region& region, double min_aspect_to_split);

// Two pieces of ink of one polarity that a reader would see as one digit: one above the other,
// overlapping in x by at least half the narrower one, with a gap of at most a quarter of the joined
// height, and the joined box no wider than it is tall. The joined region's ink is every ink pixel of
// `mask` inside the joined box.
std::optional<Region> joinStacked(const cv::Rect& a, const cv::Rect& b, bool light_on_dark,
                                  const cv::Mat& mask);

}  // namespace digitcam
