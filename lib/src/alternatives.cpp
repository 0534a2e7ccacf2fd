#include "digitcam/alternatives.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace digitcam {
namespace {

// Each piece of a split spans at least this share of the region's height.
constexpr double kMinPieceHeight = 0.7;
// A cut by contrast has at most this many pieces: its glyphs come apart by themselves, none is searched
// for, and a region kMostTouching times as wide as a digit may be holds as many narrow printed glyphs
// (six of bold type, 17 px high, blurred into one region 4 times as wide as tall).
constexpr int kMostByContrast = 2 * kMostTouching;
// Ink that a cut by contrast leaves out beyond its glyphs at either end, at least this share of the
// region's height tall, is part of a glyph (a dot or a dash, which a number may end with, is shorter).
constexpr double kLostGlyph = 0.4;
// A 1 is at most this share of its height wide, with its serif or flag.
constexpr double kSlimOne = 0.35;
// So many sure digits other than 1s, each far shorter than a large digit they lie in, are small type, not
// pieces of its outline (of which one or two may read as such).
constexpr long kTypeDigits = 3;

// A column of a stroke two touching digits share is inked over at least this share of its rows.
constexpr double kSharedStroke = 0.8;
// Regions shorter than this (pixels) are not cut so.
constexpr int kSharedStrokeHeight = 24;
// Ink beside such a stroke at most this share of the region's height wide is no part of a digit to
// share it with.
constexpr double kSharedSide = 0.3;
// A 1 touches the digit beside it over at most this share of the height.
constexpr double kTouch = 0.3;
// Where two pieces meet in runs of rows fewer than height / kContactsApart apart, they meet in one place.
constexpr int kContactsApart = 6;
// A 1 meets the digit it touches once, or twice when it runs into it (a 2's hook and foot); a letter's stem
// meets its arms or bowls three times (E, B).
constexpr int kStemContacts = 3;
// Three touching digits make a region at least this wide for its height: narrower than three halves of
// two (a slim 1 among them, handwriting that overlaps: "693" of "91693" is 1.31). The cuts around its
// thirds also cut two digits of unequal widths apart ("04" of "8041", 1.34, where the 4's arm meets the 0).
constexpr double kThreeTouching = 1.15;
// A cut from top to bottom: the first column of the right piece, row by row.
using Cut = std::vector<int>;

// The pieces between consecutive cuts (left to right), each cropped to its own ink; empty when a piece
// has no ink or spans too little of the region's height.
std::vector<Region> pieces(const Region& region, const std::vector<Cut>& cuts) {
    std::vector<Region> out;
    for (std::size_t k = 0; k <= cuts.size(); ++k) {
        cv::Mat ink = region.ink.clone();
        for (int y = 0; y < ink.rows; ++y) {
            const auto row = static_cast<std::size_t>(y);
            if (k > 0) ink.row(y).colRange(0, cuts[k - 1][row]).setTo(0);
            if (k < cuts.size()) ink.row(y).colRange(cuts[k][row], ink.cols).setTo(0);
        }
        const cv::Rect ink_box = cv::boundingRect(ink);
        // Touching digits stand about as tall as the pair; a piece that spans much less is a letter's
        // bowl or arm (the P of "PAY" cut into a 1 and a 7).
        if (ink_box.empty() || ink_box.height < kMinPieceHeight * region.box.height) return {};
        Region piece;
        piece.box = ink_box + region.box.tl();
        piece.ink = ink(ink_box).clone();
        piece.light_on_dark = region.light_on_dark;
        piece.contrast = region.contrast;
        out.push_back(std::move(piece));
    }
    return out;
}

// Straight down the thinnest column near the middle, where two touching digits of about the same
// width join (not further out: a 4 or a 7 has thin columns of its own).
Cut straightCut(const cv::Mat& ink) {
    cv::Mat column_ink;
    cv::reduce(ink, column_ink, 0, cv::REDUCE_SUM, CV_32S);
    const int from = ink.cols * 35 / 100;
    const int to = std::max(from + 1, ink.cols - from);
    int cut = from;
    for (int x = from; x < to; ++x) {
        if (column_ink.at<int>(x) < column_ink.at<int>(cut)) cut = x;
    }
    return Cut(static_cast<std::size_t>(ink.rows), cut);
}

// Straight down the column between `from` and `to` where the ink spans the fewest rows: where the outer
// curves of two round digits meet ("00", "80"), which a cut by least ink misses, as it runs through the
// middle of a 0's hole (two strokes) rather than through the join (the two sides together).
Cut profileCut(const cv::Mat& ink, int from, int to) {
    int cut = from;
    int least = ink.rows + 1;
    const int centre = (from + to) / 2;
    for (int x = from; x < to; ++x) {
        int top = -1;
        int bottom = -1;
        for (int y = 0; y < ink.rows; ++y) {
            if (!ink.at<uchar>(y, x)) continue;
            if (top < 0) top = y;
            bottom = y;
        }
        const int span = top < 0 ? 0 : bottom - top + 1;
        if (span < least || (span == least && std::abs(x - centre) < std::abs(cut - centre))) {
            least = span;
            cut = x;
        }
    }
    return Cut(static_cast<std::size_t>(ink.rows), cut);
}

// Straight down either side of a stroke that runs the region's whole height near its middle, with ink as
// wide as part of a digit on both sides of it: two digits that share a stroke ("99" written tight: the
// first 9's stem is the second's left side; "44": the first 4's stem meets the second's bar), the stroke
// going with the one or the other, where a cut through the thinnest column beside it leaves one of them
// a bare loop or a 4 without its stem. A column is part of the stroke when ink fills at least
// kSharedStroke of its rows; ink at most kSharedSide of the height wide beside it is no part of a digit to
// share it with (a serif, a flag, a 1 touching it, which the cuts for a touching 1 take off; none at all
// beside a 5's stroke at the region's side). Not in regions under kSharedStrokeHeight: there a bowl's side
// one or two pixels wide fills its column as a stroke does (a 6 fifteen pixels high with a 1 touching it).
std::vector<Cut> sharedStrokeCuts(const cv::Mat& ink) {
    if (ink.rows < kSharedStrokeHeight) return {};
    cv::Mat column_ink;
    cv::reduce(ink, column_ink, 0, cv::REDUCE_SUM, CV_32S);  // 255 per ink pixel
    const int from = ink.cols * 35 / 100;
    const int to = ink.cols - from;
    const auto solid = [&](int x) { return column_ink.at<int>(x) >= 255 * kSharedStroke * ink.rows; };
    const auto wide = [&](int x0, int x1) {
        return x1 > x0 && cv::boundingRect(ink.colRange(x0, x1)).width > kSharedSide * ink.rows;
    };
    for (int x = from; x < to; ++x) {
        if (!solid(x)) continue;
        int first = x;
        int last = x;
        while (first > 0 && solid(first - 1)) --first;
        while (last + 1 < ink.cols && solid(last + 1)) ++last;
        if (!wide(0, first) || !wide(last + 1, ink.cols)) return {};
        const auto rows = static_cast<std::size_t>(ink.rows);
        return {Cut(rows, first), Cut(rows, last + 1)};
    }
    return {};
}

// The path from top to bottom through the middle half that crosses the least ink, drifting at most a
// column per row (each drift costs a little, so it stays straight where nothing is gained): it follows
// the slanted gap between handwritten digits that a straight cut would slice through.
Cut seamCut(const cv::Mat& ink, int from, int to) {
    constexpr float kDrift = 0.05f;
    const int n = std::max(1, to - from);
    const auto at = [n](int y, int x) { return static_cast<std::size_t>(y * n + x); };
    std::vector<float> cost(static_cast<std::size_t>(ink.rows * n));
    std::vector<int> previous(cost.size(), 0);
    for (int y = 0; y < ink.rows; ++y) {
        const uchar* row = ink.ptr<uchar>(y);
        for (int x = 0; x < n; ++x) {
            float best = 0.f;
            if (y > 0) {
                best = cost[at(y - 1, x)];
                previous[at(y, x)] = x;
                for (const int px : {x - 1, x + 1}) {
                    if (px >= 0 && px < n && cost[at(y - 1, px)] + kDrift < best) {
                        best = cost[at(y - 1, px)] + kDrift;
                        previous[at(y, x)] = px;
                    }
                }
            } else {
                // Start near the middle when all else is equal.
                best = kDrift * static_cast<float>(std::abs(2 * x - n)) / 2.f / static_cast<float>(n);
            }
            cost[at(y, x)] = best + (row[from + x] ? 1.f : 0.f);
        }
    }
    int x = 0;
    for (int k = 1; k < n; ++k) {
        if (cost[at(ink.rows - 1, k)] < cost[at(ink.rows - 1, x)]) x = k;
    }
    Cut cut(static_cast<std::size_t>(ink.rows));
    for (int y = ink.rows - 1; y >= 0; --y) {
        cut[static_cast<std::size_t>(y)] = from + x;
        x = previous[at(y, x)];
    }
    return cut;
}

// The seams that cut a piece no wider than a 1 (a third of the region's width, at most kSlimOne of its
// height) off either side: a 1 touching the digit beside it.
std::array<Cut, 2> slimSeams(const Region& region) {
    const cv::Rect& box = region.box;
    const int slim = std::min(box.width / 3, static_cast<int>(kSlimOne * box.height));
    return {seamCut(region.ink, box.width / 10, slim),
            seamCut(region.ink, box.width - slim, box.width - box.width / 10)};
}

// Whether `cut` crosses ink in one stretch of rows at most kTouch of the height long: where a 1 touches
// the digit beside it, not the stem of a letter joined to its bowls (B, P, D) nor a 0's side.
bool touchesOnce(const cv::Mat& ink, const Cut& cut) {
    int stretches = 0;
    int crossed = 0;
    bool in_ink = false;
    for (int y = 0; y < ink.rows; ++y) {
        const int x = cut[static_cast<std::size_t>(y)];
        const bool on = x < ink.cols && ink.at<uchar>(y, x);
        if (on) ++crossed;
        if (on && !in_ink) ++stretches;
        in_ink = on;
    }
    return stretches == 1 && crossed <= kTouch * ink.rows;
}

// Mends the strokes a gap of `height` rows from row `top` cut: a column with ink just above the gap and
// just below it (a column either side counts, for slanted strokes) is inked across it, so the classifier
// sees the digit whole rather than two pieces with paper between them.
void bridgeGap(cv::Mat& ink, int top, int height) {
    if (top < 1 || top + height >= ink.rows) return;
    const uchar* above = ink.ptr<uchar>(top - 1);
    const uchar* below = ink.ptr<uchar>(top + height);
    std::vector<int> bridged;
    for (int x = 0; x < ink.cols; ++x) {
        bool up = false;
        bool down = false;
        for (int dx = -1; dx <= 1; ++dx) {
            if (x + dx < 0 || x + dx >= ink.cols) continue;
            up = up || above[x + dx];
            down = down || below[x + dx];
        }
        if (up && down && (above[x] || below[x])) bridged.push_back(x);
    }
    for (const int x : bridged) ink.col(x).rowRange(top, top + height).setTo(255);
}

// The region of every ink pixel of `mask` in the box holding a and b, unless that box is wider than a digit
// may be (max_aspect x its height).
std::optional<Region> joinedRegion(const cv::Rect& a, const cv::Rect& b, bool light_on_dark,
                                   const cv::Mat& mask, double max_aspect) {
    const cv::Rect joined = a | b;
    if (joined.width > max_aspect * joined.height) return std::nullopt;
    Region out;
    out.box = joined;
    out.ink = mask(joined).clone();
    out.light_on_dark = light_on_dark;
    return out;
}

}  // namespace

int overlapX(const cv::Rect& a, const cv::Rect& b) {
    return std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
}

int contactsAlongCut(const Region& left, const Region& right) {
    // Rows where ink of the left piece lies a column left of ink of the right one: where they meet.
    const int top = std::max(left.box.y, right.box.y);
    const int bottom = std::min(left.box.y + left.box.height, right.box.y + right.box.height);
    const int from = std::max(left.box.x + 1, right.box.x);
    const int to = std::min(left.box.x + left.box.width + 1, right.box.x + right.box.width);
    const int apart = std::max(1, (left.box | right.box).height / kContactsApart);
    int contacts = 0;
    int last = top - apart - 1;  // the last row where they met
    for (int y = top; y < bottom; ++y) {
        const uchar* l = left.ink.ptr<uchar>(y - left.box.y) - left.box.x - 1;
        const uchar* r = right.ink.ptr<uchar>(y - right.box.y) - right.box.x;
        bool meet = false;
        for (int x = from; x < to && !meet; ++x) meet = l[x] && r[x];
        if (!meet) continue;
        if (y - last > apart) ++contacts;
        last = y;
    }
    return contacts;
}

std::vector<std::vector<Region>> splitTouching(const Region& region, double min_aspect_to_split) {
    const cv::Rect& box = region.box;
    if (box.width < min_aspect_to_split * box.height || box.width < 4) return {};
    std::vector<Cut> in_two{straightCut(region.ink)};
    const auto addTwo = [&in_two](const Cut& cut) {
        if (std::find(in_two.begin(), in_two.end(), cut) == in_two.end()) in_two.push_back(cut);
    };
    addTwo(seamCut(region.ink, box.width / 4, box.width - box.width / 4));
    addTwo(profileCut(region.ink, box.width * 35 / 100, box.width - box.width * 35 / 100));
    for (const Cut& cut : slimSeams(region)) addTwo(cut);
    for (const Cut& cut : sharedStrokeCuts(region.ink)) addTwo(cut);
    // Three to five digits joined in a row (tight type, italics): a seam and a straight cut around each
    // third, quarter or fifth.
    struct Cuts {
        std::vector<Cut> seams;
        std::vector<Cut> profiles;
    };
    std::vector<Cuts> in_more;
    for (int k = 3; k <= kMostTouching; ++k) {
        const double least =
            k == 3 ? std::min(kThreeTouching, 1.5 * min_aspect_to_split) : k * min_aspect_to_split / 2;
        if (box.width < least * box.height) break;
        Cuts cuts;
        for (int i = 1; i < k; ++i) {
            const int centre = box.width * i / k;
            const int half = box.width / (2 * k);
            const int from = std::max(1, centre - half);
            const int to = std::min(box.width - 1, centre + half);
            cuts.seams.push_back(seamCut(region.ink, from, to));
            cuts.profiles.push_back(profileCut(region.ink, from, to));
        }
        in_more.push_back(std::move(cuts));
    }
    // Two digits of unequal widths (a narrow 2 whose tail runs into a wide 6) join off the middle: each
    // cut around a third cuts the region in two as well.
    if (!in_more.empty()) {
        const Cuts& thirds = in_more.front();
        for (std::size_t i = 0; i < thirds.seams.size(); ++i) {
            addTwo(thirds.seams[i]);
            addTwo(thirds.profiles[i]);
        }
    }
    std::vector<std::vector<Region>> splits;
    for (const Cut& cut : in_two) {
        std::vector<Region> halves = pieces(region, {cut});
        if (!halves.empty()) splits.push_back(std::move(halves));
    }
    for (const Cuts& cuts : in_more) {
        for (const std::vector<Cut>* row : {&cuts.seams, &cuts.profiles}) {
            std::vector<Region> parts = pieces(region, *row);
            if (!parts.empty()) splits.push_back(std::move(parts));
        }
    }
    return splits;
}

std::optional<Region> inkBetweenCuts(const cv::Rect& whole, const Region& right_of_first,
                                     const Region& left_of_second) {
    if ((right_of_first.box & whole) != right_of_first.box ||
        (left_of_second.box & whole) != left_of_second.box)
        return std::nullopt;
    cv::Mat right(whole.size(), CV_8U, cv::Scalar(0));
    cv::Mat left(whole.size(), CV_8U, cv::Scalar(0));
    right_of_first.ink.copyTo(right(right_of_first.box - whole.tl()));
    left_of_second.ink.copyTo(left(left_of_second.box - whole.tl()));
    cv::Mat ink;
    cv::bitwise_and(right, left, ink);
    const cv::Rect ink_box = cv::boundingRect(ink);
    if (ink_box.height < kMinPieceHeight * whole.height || ink_box.width < kSlimOne * whole.height)
        return std::nullopt;
    Region middle;
    middle.box = ink_box + whole.tl();
    middle.ink = ink(ink_box).clone();
    middle.light_on_dark = right_of_first.light_on_dark;
    middle.contrast = right_of_first.contrast;
    return middle;
}

std::vector<std::vector<Region>> cutOffOne(const Region& region, double min_aspect, double max_aspect) {
    const cv::Rect& box = region.box;
    if (box.width < min_aspect * box.height || box.width >= max_aspect * box.height || box.width < 4)
        return {};
    std::vector<std::vector<Region>> splits;
    for (const Cut& cut : slimSeams(region)) {
        if (!touchesOnce(region.ink, cut)) continue;
        std::vector<Region> halves = pieces(region, {cut});
        if (!halves.empty()) splits.push_back(std::move(halves));
    }
    return splits;
}

std::vector<Region> splitByContrast(const Region& region, const cv::Mat& gray) {
    const cv::Rect& box = region.box;
    if (box.width < 4 || box.height < 4) return {};
    // The level halfway between the region's ink and its paper, by Otsu's rule over its box; only its
    // own ink is kept (never a neighbour's).
    cv::Mat ink;
    cv::threshold(gray(box), ink, 0, 255,
                  (region.light_on_dark ? cv::THRESH_BINARY : cv::THRESH_BINARY_INV) | cv::THRESH_OTSU);
    ink &= region.ink;
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
    std::vector<Region> out;
    std::vector<cv::Rect> dropped;  // in the region's box
    for (int i = 1; i < n; ++i) {
        const cv::Rect piece_box(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                                 stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
        // Specks and the lighter ends of strokes fall away; glyphs stand as tall as the region.
        if (piece_box.height < kMinPieceHeight * box.height) {
            dropped.push_back(piece_box);
            continue;
        }
        Region piece;
        piece.box = piece_box + box.tl();
        cv::compare(labels(piece_box), i, piece.ink, cv::CMP_EQ);
        piece.light_on_dark = region.light_on_dark;
        piece.contrast = region.contrast;
        out.push_back(std::move(piece));
    }
    if (out.size() < 2 || static_cast<int>(out.size()) > kMostByContrast) return {};
    std::sort(out.begin(), out.end(), [](const Region& a, const Region& b) { return a.box.x < b.box.x; });
    // A glyph at either end that came apart at the lighter level into pieces too short to keep (the 5 of
    // a blurred "885") would be left out of the reading, not read; a dot or a dash there is no glyph.
    const int left = out.front().box.x;
    const int right = out.back().box.x + out.back().box.width;
    const bool glyph_lost = std::any_of(dropped.begin(), dropped.end(), [&](const cv::Rect& d) {
        const int centre = box.x + d.x + d.width / 2;
        return d.height >= kLostGlyph * box.height && (centre < left || centre > right);
    });
    if (glyph_lost) return {};
    return out;
}

std::optional<Region> joinBar(const cv::Rect& digit, const cv::Rect& bar, bool light_on_dark,
                              const cv::Mat& mask, double max_aspect, double min_overlap) {
    if (bar.height > kBarHeight * digit.height || bar.width < bar.height) return std::nullopt;
    if (2 * (bar.y + bar.height) > 2 * digit.y + digit.height || bar.y < digit.y - kBarAbove * digit.height) {
        return std::nullopt;
    }
    const int overlap_x = overlapX(digit, bar);
    if (overlap_x >= min_overlap * std::min(digit.width, bar.width) || -overlap_x > kBarGap * digit.height) {
        return std::nullopt;
    }
    return joinedRegion(digit, bar, light_on_dark, mask, max_aspect);
}

std::optional<Region> joinHalves(const cv::Rect& left, const cv::Rect& right, bool light_on_dark,
                                 const cv::Mat& mask, double min_overlap) {
    const cv::Rect joined = left | right;
    const int overlap_x = overlapX(left, right);
    if (overlap_x >= min_overlap * std::min(left.width, right.width) ||
        -overlap_x > kHalvesGap * joined.height ||
        std::min(left.height, right.height) < kHalfHeight * joined.height) {
        return std::nullopt;
    }
    return joinedRegion(left, right, light_on_dark, mask, 1.0);
}

std::optional<Region> joinThree(const std::array<cv::Rect, 3>& boxes, bool light_on_dark, const cv::Mat& mask,
                                double max_aspect) {
    const cv::Rect joined = boxes[0] | boxes[1] | boxes[2];
    const double reach = kBarGap * joined.height;
    const auto near = [&](const cv::Rect& a, const cv::Rect& b) {
        const int gap_y = std::max(a.y, b.y) - std::min(a.y + a.height, b.y + b.height);
        return -overlapX(a, b) <= reach && gap_y <= reach;
    };
    const auto speck = [&](const cv::Rect& r) {
        return std::max(r.width, r.height) < kSpeckPiece * joined.height;
    };
    const int shortest = std::min({boxes[0].height, boxes[1].height, boxes[2].height});
    // One piece near each of the others joins them all: in a row, or two beside each other above a third
    // (a 4 whose arm and stem a ruled line cut off its foot).
    const int near_pairs = near(boxes[0], boxes[1]) + near(boxes[1], boxes[2]) + near(boxes[0], boxes[2]);
    if (near_pairs < 2 || shortest >= kFragmentPiece * joined.height ||
        std::any_of(boxes.begin(), boxes.end(), speck)) {
        return std::nullopt;
    }
    return joinedRegion(boxes[0] | boxes[1], boxes[2], light_on_dark, mask, max_aspect);
}

double strokeWidth(const cv::Mat& ink) {
    cv::Mat inner;
    cv::erode(ink, inner, cv::getStructuringElement(cv::MORPH_CROSS, {3, 3}), {-1, -1}, 1,
              cv::BORDER_CONSTANT, 0);
    const int area = cv::countNonZero(ink);
    const int outline = area - cv::countNonZero(inner);
    return outline > 0 ? 2.0 * area / outline : 0.0;
}

namespace {
// How dark a grey level is within a region's ink: 0 at its ground, 1 at its ink's mean grey.
struct Shade {
    double ink;
    double ground;
    double of(uchar grey) const { return (ground - grey) / (ground - ink); }
};
Shade shadeOf(const cv::Mat& ink, const cv::Mat& grey, const Region& region) {
    const double ink_grey = cv::mean(grey, ink)[0];
    return {ink_grey, region.light_on_dark ? ink_grey - region.contrast : ink_grey + region.contrast};
}

// The first row of the band at the foot of a region `h` rows tall where a dot lies.
int bandTop(int h) {
    return h - static_cast<int>(kDotBand * h);
}

// Whether a region's outermost column has ink, all of it in the band: where a dot joined to a digit's foot
// is the ink furthest out. As good as every digit's is not, which spares it the rest of the search.
bool edgeInBand(const cv::Mat& column) {
    const cv::Rect ink = cv::boundingRect(column);
    return !ink.empty() && ink.y >= bandTop(column.rows);
}

// Whether `box`, in a region `h` rows tall, is shaped and placed as a dot after a digit: kMinDot of the
// height or more, about as wide as tall (within a factor of two), on the baseline, with the digit keeping
// more of the region's width than the dot takes.
bool dotShaped(const cv::Rect& box, int h) {
    return box.height >= kMinDot * h && 2 * box.width >= box.height && box.width <= 2 * box.height &&
           box.x > box.width && box.y + box.height - 1 >= h - 1 - std::max(1, static_cast<int>(0.05 * h));
}

// dotAfter in the region's own coordinates, on its ink and its box's grey levels (either as they are or
// both mirrored).
std::optional<cv::Rect> dotByColumns(const cv::Mat& ink, const cv::Mat& grey, const Region& region) {
    const int h = ink.rows;
    const int band_top = bandTop(h);
    // The rows the ink of column x spans (top, bottom; -1 for none).
    const auto rows = [&](int x) {
        int top = -1;
        int bottom = -1;
        for (int y = 0; y < h; ++y) {
            if (ink.at<uchar>(y, x) == 0) continue;
            if (top < 0) top = y;
            bottom = y;
        }
        return std::pair{top, bottom};
    };
    // Column by column from the right edge, while all its ink lies in the band: the dot, up to the first
    // column whose ink spans at most half as many rows as the dot's tallest.
    int dot_top = h;
    int dot_bottom = -1;
    int peak = 0;
    int x = ink.cols - 1;
    for (; x >= 0; --x) {
        const auto [top, bottom] = rows(x);
        if (top < band_top) return std::nullopt;  // the digit rises (or a gap) before any neck
        if (2 * (bottom - top + 1) <= peak) break;
        peak = std::max(peak, bottom - top + 1);
        dot_top = std::min(dot_top, top);
        dot_bottom = std::max(dot_bottom, bottom);
    }
    if (x < 0) return std::nullopt;
    const cv::Rect dot(x + 1, dot_top, ink.cols - 1 - x, dot_bottom - dot_top + 1);
    if (!dotShaped(dot, h) || dot.height < kDotStroke * strokeWidth(ink)) return std::nullopt;
    // The neck: its slimmest column, and how dark its darkest pixel is, from the ground (0) to the ink's mean
    // grey (1). Blur bridges the gap to a dot with ink paler than the digit's; a pen's stroke that thins
    // and thickens again (a handwritten 2's tail ending in a blot) is as dark as the rest.
    int slimmest = x;
    int slimmest_span = h;
    for (int k = x; k >= 0; --k) {
        const auto [top, bottom] = rows(k);
        if (top < band_top || 2 * (bottom - top + 1) > peak) break;
        if (bottom - top + 1 < slimmest_span) {
            slimmest = k;
            slimmest_span = bottom - top + 1;
        }
    }
    const Shade shade = shadeOf(ink, grey, region);
    double darkest = 0;
    for (int y = 0; y < h; ++y) {
        if (ink.at<uchar>(y, slimmest) == 0) continue;
        darkest = std::max(darkest, shade.of(grey.at<uchar>(y, slimmest)));
    }
    if (darkest > kPaleNeck) return std::nullopt;
    return dot;
}

// A dot joined to the side of a digit's stroke where it runs down into the band (a slanted 1's foot), so
// that no column is a neck: the ink darker than kPaleNeck of the way to the ink's grey (its core) comes
// apart there, and the core's piece furthest right, grown back over its pale rim, is the dot if it is
// shaped and placed as one, at least kPaleDotStroke of the strokes' width tall (a pen's dot is about a
// stroke wide; a pale gap, not its size, tells it from the digit), with the rest of the core before it.
std::optional<cv::Rect> dotByPaleCore(const cv::Mat& ink, const cv::Mat& grey, const Region& region) {
    const int h = ink.rows;
    const Shade shade = shadeOf(ink, grey, region);
    cv::Mat core = cv::Mat::zeros(ink.size(), CV_8U);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < ink.cols; ++x) {
            if (ink.at<uchar>(y, x) && shade.of(grey.at<uchar>(y, x)) > kPaleNeck) core.at<uchar>(y, x) = 255;
        }
    }
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(core, labels, stats, centroids, 8, CV_32S);
    if (n < 3) return std::nullopt;  // the ground and one piece: no gap
    const auto right = [&](int k) {
        return stats.at<int>(k, cv::CC_STAT_LEFT) + stats.at<int>(k, cv::CC_STAT_WIDTH);
    };
    int dot = 1;
    for (int k = 2; k < n; ++k) {
        if (right(k) > right(dot)) dot = k;
    }
    cv::Mat grown;
    cv::dilate(labels == dot, grown, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}), {-1, -1}, 2);
    grown &= ink;
    const cv::Rect box = cv::boundingRect(grown);
    if (box.y < bandTop(h) || !dotShaped(box, h) || box.height < kPaleDotStroke * strokeWidth(ink)) {
        return std::nullopt;
    }
    // The rest of the core lies before the dot and ends above its foot: a pen's dot sits on the line, under
    // the end of the stroke it touches (a pinched foot's end is as low as the foot).
    const int dot_bottom = box.y + box.height;
    for (int k = 1; k < n; ++k) {
        if (k == dot) continue;
        if (right(k) > box.x + box.width / 2 ||
            stats.at<int>(k, cv::CC_STAT_TOP) + stats.at<int>(k, cv::CC_STAT_HEIGHT) >= dot_bottom)
            return std::nullopt;
    }
    return box;
}

// A dot at the right of a region whose last column's ink lies in the band (edgeInBand), by its neck or
// else by its dark core.
std::optional<cv::Rect> dotAtRight(const cv::Mat& ink, const cv::Mat& grey, const Region& region) {
    if (std::optional<cv::Rect> dot = dotByColumns(ink, grey, region)) return dot;
    return dotByPaleCore(ink, grey, region);
}
}  // namespace

std::optional<cv::Rect> dotAfter(const Region& region, const cv::Mat& gray) {
    // No ground to weigh the neck against, or no dot at the edge.
    if (region.contrast <= 0.f || !edgeInBand(region.ink.col(region.ink.cols - 1))) return std::nullopt;
    const std::optional<cv::Rect> dot = dotAtRight(region.ink, gray(region.box), region);
    if (!dot) return std::nullopt;
    return *dot + region.box.tl();
}

std::optional<cv::Rect> dotBefore(const Region& region, const cv::Mat& gray) {
    if (region.contrast <= 0.f || !edgeInBand(region.ink.col(0))) return std::nullopt;  // before any copy
    cv::Mat ink;
    cv::Mat grey;
    cv::flip(region.ink, ink, 1);
    cv::flip(gray(region.box), grey, 1);
    const std::optional<cv::Rect> dot = dotAtRight(ink, grey, region);
    if (!dot) return std::nullopt;
    return cv::Rect(region.box.x + region.box.width - dot->x - dot->width, region.box.y + dot->y, dot->width,
                    dot->height);
}

std::optional<Region> joinStacked(const cv::Rect& a, const cv::Rect& b, bool light_on_dark,
                                  const cv::Mat& mask, double max_aspect, double min_overlap) {
    const int overlap_x = overlapX(a, b);
    if (overlap_x <= 0 || overlap_x < min_overlap * std::min(a.width, b.width)) return std::nullopt;
    const int gap_y = std::max(a.y, b.y) - std::min(a.y + a.height, b.y + b.height);
    if (4 * gap_y > (a | b).height) return std::nullopt;
    auto out = joinedRegion(a, b, light_on_dark, mask, max_aspect);
    if (out && gap_y > 0) bridgeGap(out->ink, std::min(a.y + a.height, b.y + b.height) - out->box.y, gap_y);
    return out;
}

namespace {
// What an alternative replacing a region must be surer than (unless it explains more): the region's
// reading as a digit it would report, and for a cut also how sure the region is of no digit (a letter is
// cut only into pieces surer than that).
float toBeat(const Prediction& whole, bool split, float min_confidence) {
    const float digit = whole.label != kNotADigit && whole.conf >= min_confidence ? whole.conf : 0.f;
    const float no_digit = split && whole.label == kNotADigit ? whole.conf : 0.f;
    return std::max(digit, no_digit);
}
}  // namespace

std::vector<std::size_t> chooseAlternatives(const std::vector<Alternative>& alternatives,
                                            const std::vector<Prediction>& predictions, float min_confidence,
                                            float min_confidence_unsure) {
    // How sure the classifier is that a crop is a digit (at least `least` sure); 0 when it is not.
    auto sureOf = [&](std::size_t crop, float least) {
        const Prediction& p = predictions[crop];
        return p.label != kNotADigit && p.conf >= least ? p.conf : 0.f;
    };
    // ... a digit it would report.
    auto score = [&](std::size_t crop) { return sureOf(crop, min_confidence); };
    std::vector<std::pair<float, std::size_t>> ranked;
    for (std::size_t k = 0; k < alternatives.size(); ++k) {
        const Alternative& alt = alternatives[k];
        // A large digit read surely at full resolution is not read again one scale down.
        if (alt.found_whole >= 0 && score(static_cast<std::size_t>(alt.found_whole)) > 0.f) continue;
        // A join of pieces none of which is a sure digit may be an unsure one, surer than each piece.
        const bool none_sure = !alt.split && std::all_of(alt.regions.begin(), alt.regions.end(), [&](int r) {
            return score(static_cast<std::size_t>(r)) == 0.f;
        });
        // Inside a number (a sure digit tight on each side), a region that is no digit cut into pieces one
        // of which is sure may have an unsure one beside it, as a region may: touching handwritten 5s
        // whose first reads 0.69 alone.
        const auto sure = [&](int r) { return r >= 0 && score(static_cast<std::size_t>(r)) > 0.f; };
        const bool no_digit_cut =
            alt.split && predictions[static_cast<std::size_t>(alt.regions.front())].label == kNotADigit;
        const bool inside_number = no_digit_cut && sure(alt.flanks[0]) && sure(alt.flanks[2]) &&
                                   std::any_of(alt.crops.begin(), alt.crops.end(),
                                               [&](std::size_t crop) { return score(crop) > 0.f; });
        const float least =
            none_sure || inside_number ? std::min(min_confidence, min_confidence_unsure) : min_confidence;
        if (alt.dot) {
            const auto own = static_cast<std::size_t>(alt.regions.front());
            if (score(own) > 0.f && predictions[own].label == predictions[alt.crops.front()].label) continue;
        }
        float weakest = 1.f;
        for (std::size_t crop : alt.crops) weakest = std::min(weakest, sureOf(crop, least));
        for (int r : alt.regions) {
            if (weakest < min_confidence && sureOf(static_cast<std::size_t>(r), 0.f) >= weakest)
                weakest = 0.f;
        }
        // Sure digits other than 1s, each far shorter than a large one they lie in, are small type that
        // something large one scale down lies over (a shadow's edge) when there are a few of them, not pieces
        // of its outline: those are strokes, read as 1s if as digits at all, and now and then as another.
        const bool holds_digits = std::count_if(alt.far_shorter.begin(), alt.far_shorter.end(), [&](int r) {
                                      const auto region = static_cast<std::size_t>(r);
                                      return score(region) > 0.f && predictions[region].label != 1;
                                  }) >= kTypeDigits;
        const bool explains_more =
            !alt.split && !alt.beside && !(alt.three && !alt.fits_line) && !holds_digits &&
            (alt.fragment || alt.fits_line || (alt.regions.size() == 1 && !alt.large) ||
             std::any_of(alt.regions.begin(), alt.regions.end(),
                         [&](int r) { return score(static_cast<std::size_t>(r)) == 0.f; }));
        float replaced = 0.f;
        if (!explains_more) {
            for (int r : alt.regions) {
                replaced = std::max(
                    replaced, toBeat(predictions[static_cast<std::size_t>(r)], alt.split, min_confidence));
            }
        }
        // Touching 1s of tight type inside a number: a region no digit, two sure digits tight on each side;
        // with another digit in the cut, a sure digit tight on one side ("114|112" in fine print; a caption's
        // "SN" cut into 5, 1, 1 stands a space before its number).
        const auto is_one = [&](std::size_t crop) { return predictions[crop].label == 1; };
        const bool ones_only = std::all_of(alt.crops.begin(), alt.crops.end(), is_one);
        const bool two_ones =
            std::adjacent_find(alt.crops.begin(), alt.crops.end(), [&](std::size_t a, std::size_t b) {
                return is_one(a) && is_one(b);
            }) != alt.crops.end();
        const bool between_digits =
            ones_only ? no_digit_cut && std::all_of(alt.flanks.begin(), alt.flanks.end(), sure)
                      : sure(alt.flanks[0]) || sure(alt.flanks[2]);
        const bool strokes = alt.split && two_ones && !between_digits;
        const bool stem = alt.split && alt.contacts >= kStemContacts &&
                          std::any_of(alt.crops.begin(), alt.crops.end(), is_one);
        // A narrow region's side cut off is a 1 touching its neighbour, or no digit at all.
        const bool one_cut_off =
            !alt.one_off || std::count_if(alt.crops.begin(), alt.crops.end(), [&](std::size_t crop) {
                                return predictions[crop].label == 1;
                            }) == 1;
        if (weakest > replaced && !strokes && !stem && one_cut_off) ranked.emplace_back(weakest, k);
    }
    // A digit whole goes before a surer reading of one of its pieces (with a speck beside it): first
    // one found whole one scale down, then a broken one as tall as its line, of three pieces before two.
    auto wholeness = [&](std::size_t k) {
        const Alternative& alt = alternatives[k];
        return alt.large ? 3 : alt.fits_line ? (alt.three ? 2 : 1) : 0;
    };
    std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
        const int whole_a = wholeness(a.second);
        const int whole_b = wholeness(b.second);
        return whole_a != whole_b ? whole_a > whole_b : a.first > b.first;
    });
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

void settleHopelessPieces(const std::vector<Alternative>& alternatives,
                          const std::vector<Prediction>& predictions, float min_confidence, float second_look,
                          std::vector<bool>& settled) {
    for (const Alternative& alt : alternatives) {
        if (!alt.split) continue;
        const Prediction& whole = predictions[static_cast<std::size_t>(alt.regions.front())];
        if (wantsSecondLook(whole, second_look)) continue;  // its reading may yet change
        const float beat = toBeat(whole, true, min_confidence);
        for (const std::size_t crop : alt.crops) {
            if (surestAfterSecondLook(predictions[crop].conf) <= beat) settled[crop] = true;
        }
    }
}

std::size_t trimAlternatives(std::vector<Alternative>& alternatives, std::vector<Region>& pieces,
                             std::size_t regions, std::size_t budget) {
    if (pieces.size() <= budget) return 0;
    constexpr std::size_t kUnused = static_cast<std::size_t>(-1);
    std::vector<std::size_t> renumbered(pieces.size(), kUnused);
    std::size_t used = 0;
    std::vector<bool> kept(alternatives.size(), false);
    // Takes alternative k when its pieces not taken yet still fit.
    const auto take = [&](std::size_t k) {
        std::size_t more = 0;
        for (const std::size_t c : alternatives[k].crops)
            more += c >= regions && renumbered[c - regions] == kUnused;
        if (used + more > budget) return;
        for (const std::size_t c : alternatives[k].crops) {
            if (c >= regions && renumbered[c - regions] == kUnused) renumbered[c - regions] = used++;
        }
        kept[k] = true;
    };
    for (std::size_t k = 0; k < alternatives.size(); ++k) {
        if (alternatives[k].large) take(k);
    }
    // Each region's alternatives in the order given (a join with a mark alone has no region: those
    // together, as one more).
    std::map<int, std::vector<std::size_t>> by_region;
    for (std::size_t k = 0; k < alternatives.size(); ++k) {
        if (alternatives[k].large) continue;
        by_region[alternatives[k].regions.empty() ? -1 : alternatives[k].regions.front()].push_back(k);
    }
    for (std::size_t round = 0; used < budget; ++round) {
        bool any = false;
        for (const auto& [region, ks] : by_region) {
            if (round >= ks.size()) continue;
            any = true;
            take(ks[round]);
        }
        if (!any) break;
    }

    const std::size_t left_out = pieces.size() - used;
    std::vector<Region> kept_pieces(used);
    for (std::size_t p = 0; p < pieces.size(); ++p) {
        if (renumbered[p] != kUnused) kept_pieces[renumbered[p]] = std::move(pieces[p]);
    }
    pieces = std::move(kept_pieces);
    std::vector<Alternative> kept_alternatives;
    for (std::size_t k = 0; k < alternatives.size(); ++k) {
        if (!kept[k]) continue;
        Alternative alt = std::move(alternatives[k]);
        for (std::size_t& c : alt.crops) {
            if (c >= regions) c = regions + renumbered[c - regions];
        }
        kept_alternatives.push_back(std::move(alt));
    }
    alternatives = std::move(kept_alternatives);
    return left_out;
}

}  // namespace digitcam
