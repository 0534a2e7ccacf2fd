#include "digitcam/seven_segment.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>

#include <opencv2/imgproc.hpp>

namespace digitcam {
namespace {

// A display's segments are at least this thick for the digit's height (DSEG7's lightest face about 0.08);
// the sides of a box drawn with a pen around a digit's cell are thinner.
constexpr double kThinnestSegment = 0.06;
// ... and at most this thick (DSEG7's boldest about 0.15): a bolder glyph's sides leave too little room
// between the bands to tell a segment from a curve (a bold C's arms).
constexpr double kThickestSegment = 0.17;
// The room a side's segment has between the top's band and the middle's, and a horizontal one between
// the sides' bands, for the digit's height: at least this much (a 3 or a 7 has no left side: its
// horizontal segments end where that side would stand).
constexpr double kSideSpan = 0.15;
constexpr double kAcrossSpan = 0.1;
// A segment is at least this long, px (a digit 12 px high has segments about 6 px long).
constexpr int kShortestBar = 5;
// A segment is at least this many times as long as it is thick.
constexpr double kBarLength = 2.5;
// Its box is at most this many times its thickness across: an italic display's vertical segments lean
// (about 10 degrees: a box half as wide again as the stroke).
constexpr double kBarBox = 2.2;
// The segments of one digit are drawn with one thickness.
constexpr double kSameThickness = 1.5;
// Neighbouring segments of a digit are closer than a stroke's thickness (a display's hairline gaps,
// mitred corners); the cells of a display stand further apart than that.
constexpr double kSegmentGap = 1.0;
// A vertical segment spans half its digit's height: between kSegmentMin and kSegmentSpan of it. An
// upright stroke the digit's whole height (a 1 of print or pen, a box's side) is no segment.
constexpr double kSegmentMin = 0.3;
constexpr double kSegmentSpan = 0.65;
// Where the gap between a side's two segments closed up (blur, a display's tight gaps), one bar spans
// at least this much of the height: both segments lit.
constexpr double kBothSpan = 0.85;
// A horizontal segment spans most of its cell's width.
constexpr double kSegmentWidth = 0.5;
// Where a horizontal segment's middle lies in its cell's height: the top, the middle or the foot.
constexpr double kTopBand = 0.25;
constexpr double kMiddleBand = 0.15;  // either side of the middle
// A side's segment stands at least this share of the cell's width off its middle line.
constexpr double kOffMiddle = 0.25;
// A cell is between these times as wide as tall (a 1 aside).
constexpr double kNarrowestCell = 0.25;
constexpr double kWidestCell = 0.8;
// A digit of one piece is read as segments only when at least this wide for its height: a narrower one
// is a 1 or no digit, the classifier's to say.
constexpr double kNarrowestSegmentInk = 0.35;
// Ink fewer rows high than this keeps too little of a stroke's shape to tell a segment from a curve (a
// small "e" of print read as a 9); small digits of a display run together are the classifier's.
constexpr int kSmallestSegmentInk = 20;
// A 1 alone on its line takes a cell half as wide as tall.
constexpr double kLoneOneCell = 0.5;

struct Bar {
    int piece = 0;
    bool horizontal = false;
    double thickness = 0;
};

int length(const cv::Rect& r) {
    return std::max(r.width, r.height);
}

std::optional<Bar> barOf(const InkPiece& p, int index) {
    if (!mayBeABar(p.box)) return std::nullopt;
    const int long_side = length(p.box);
    const int across = std::min(p.box.width, p.box.height);
    const double thickness = static_cast<double>(p.ink) / long_side;
    if (thickness < 1.0 || long_side < kBarLength * thickness || across > kBarBox * thickness)
        return std::nullopt;
    return Bar{index, p.box.width > p.box.height, thickness};
}

// How far apart two boxes are: the larger of the gaps across and down (0 where they overlap both ways).
int gapBetween(const cv::Rect& a, const cv::Rect& b) {
    const int dx = std::max(a.x - (b.x + b.width), b.x - (a.x + a.width));
    const int dy = std::max(a.y - (b.y + b.height), b.y - (a.y + a.height));
    return std::max({dx, dy, 0});
}

int root(std::vector<int>& parent, int i) {
    while (parent[static_cast<std::size_t>(i)] != i) {
        parent[static_cast<std::size_t>(i)] =
            parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(i)])];
        i = parent[static_cast<std::size_t>(i)];
    }
    return i;
}

// The digit a group of bars shows in its cell, -1 for none.
int readCell(const std::vector<Bar>& group, const std::vector<InkPiece>& pieces, const cv::Rect& cell) {
    const auto box = [&](const Bar& b) { return pieces[static_cast<std::size_t>(b.piece)].box; };
    const double height = cell.height;
    if (std::any_of(group.begin(), group.end(),
                    [&](const Bar& b) { return b.thickness < kThinnestSegment * height; }))
        return -1;
    std::vector<const Bar*> horizontals;
    std::vector<const Bar*> verticals;
    for (const Bar& b : group) {
        (b.horizontal ? horizontals : verticals).push_back(&b);
        const double span = box(b).height;
        if (!b.horizontal &&
            (span < kSegmentMin * height || (span > kSegmentSpan * height && span < kBothSpan * height))) {
            return -1;
        }
    }
    const auto upper = [&](const Bar& b) { return box(b).y + box(b).height / 2.0 < cell.y + height / 2.0; };
    const auto both = [&](const Bar& b) { return box(b).height >= kBothSpan * height; };
    if (horizontals.empty()) {
        // A 1: an upper and a lower segment, one above the other.
        if (verticals.size() != 2 || both(*verticals[0]) || upper(*verticals[0]) == upper(*verticals[1]))
            return -1;
        const cv::Rect a = box(*verticals[0]);
        const cv::Rect b = box(*verticals[1]);
        const int overlap = std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
        return 2 * overlap >= std::min(a.width, b.width) ? 1 : -1;
    }
    if (cell.width < kNarrowestCell * height || cell.width > kWidestCell * height) return -1;
    // The cell's middle line, across its slant: through the middles of its horizontal segments.
    double slope = 0;  // x per y
    double sy = 0, sx = 0, syy = 0, sxy = 0;
    for (const Bar* h : horizontals) {
        const double x = box(*h).x + box(*h).width / 2.0;
        const double y = box(*h).y + box(*h).height / 2.0;
        sx += x;
        sy += y;
        syy += y * y;
        sxy += x * y;
    }
    const double n = static_cast<double>(horizontals.size());
    if (horizontals.size() > 1 && n * syy - sy * sy > 1e-9) slope = (n * sxy - sx * sy) / (n * syy - sy * sy);
    const auto middleAt = [&](double y) { return sx / n + slope * (y - sy / n); };
    unsigned pattern = 0;
    const auto light = [&](unsigned segment) {
        if (pattern & segment) return false;
        pattern |= segment;
        return true;
    };
    for (const Bar* h : horizontals) {
        if (box(*h).width < kSegmentWidth * cell.width) return -1;
        const double at = (box(*h).y + box(*h).height / 2.0 - cell.y) / height;
        unsigned segment = 0;
        if (at < kTopBand) {
            segment = kTop;
        } else if (at > 1.0 - kTopBand) {
            segment = kBottom;
        } else if (std::abs(at - 0.5) <= kMiddleBand) {
            segment = kMiddle;
        } else {
            return -1;
        }
        if (!light(segment)) return -1;
    }
    for (const Bar* v : verticals) {
        const cv::Rect r = box(*v);
        // A side's segment stands well off the middle line (a T's stem stands on it).
        const double off = r.x + r.width / 2.0 - middleAt(r.y + r.height / 2.0);
        if (std::abs(off) < kOffMiddle * cell.width) return -1;
        const bool left = off < 0;
        const unsigned above = left ? kUpperLeft : kUpperRight;
        const unsigned below = left ? kLowerLeft : kLowerRight;
        if (both(*v)) {
            if (!light(above) || !light(below)) return -1;
        } else if (!light(upper(*v) ? above : below)) {
            return -1;
        }
    }
    return segmentDigit(pattern);
}

// Reading a digit's ink as segments.
// A slant is taken over a lesser one when it stacks the ink better by this factor.
constexpr double kBetterSlant = 1.02;
// The slants tried, x per y: upright to about 14 degrees (italic displays lean about 10).
constexpr std::array<double, 11> kShears{0.0, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25};
// A segment's band is lit when ink covers at least kLit of its length, and dark when at most kDark.
constexpr double kLit = 0.8;
constexpr double kDark = 0.25;
// Ink between the segments (a curve's, a diagonal's) is at most this share of all the ink.
constexpr double kStray = 0.03;
// A lit side's outer edge is straight: its place wanders by at most this share of the stroke (or a pixel).
constexpr double kStraight = 0.25;

// The ink's box, after shifting each row right by `shear` per row below the top: an italic digit stood
// upright.
cv::Mat upright(const cv::Mat& ink, double shear) {
    cv::Mat out = ink;
    if (shear > 0) {
        const cv::Matx23d m(1, shear, 0, 0, 1, 0);
        const int width = ink.cols + static_cast<int>(std::ceil(shear * ink.rows));
        cv::warpAffine(ink, out, m, {width, ink.rows}, cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
    }
    const cv::Rect box = cv::boundingRect(out);
    return box.area() > 0 ? out(box) : cv::Mat();
}

// Share of the columns [x0, x1) with ink in rows [y0, y1).
double acrossCover(const cv::Mat& ink, int x0, int x1, int y0, int y1) {
    if (x1 <= x0 || y1 <= y0) return 0.0;
    cv::Mat any;  // per column, its most ink over the rows
    cv::reduce(ink(cv::Range(y0, y1), cv::Range(x0, x1)), any, 0, cv::REDUCE_MAX);
    return static_cast<double>(cv::countNonZero(any)) / (x1 - x0);
}

// Share of the rows [y0, y1) with ink in columns [x0, x1).
double downCover(const cv::Mat& ink, int x0, int x1, int y0, int y1) {
    if (x1 <= x0 || y1 <= y0) return 0.0;
    cv::Mat any;  // per row, its most ink over the columns
    cv::reduce(ink(cv::Range(y0, y1), cv::Range(x0, x1)), any, 1, cv::REDUCE_MAX);
    return static_cast<double>(cv::countNonZero(any)) / (y1 - y0);
}

// How far the outer edge of a side's ink wanders over rows [y0, y1) (standard deviation, px): from the
// left for a left side, else from the right.
double edgeWander(const cv::Mat& ink, bool left, int y0, int y1) {
    std::vector<double> edges;
    for (int y = y0; y < y1; ++y) {
        const uchar* row = ink.ptr<uchar>(y);
        for (int k = 0; k < ink.cols; ++k) {
            const int x = left ? k : ink.cols - 1 - k;
            if (row[x]) {
                edges.push_back(k);
                break;
            }
        }
    }
    if (edges.size() < 2) return 0.0;
    cv::Scalar mean, sd;
    cv::meanStdDev(edges, mean, sd);
    return sd[0];
}

// The stroke's thickness: the median run of ink across the rows where only upright segments pass.
double strokeOf(const cv::Mat& ink) {
    std::vector<int> runs;
    const int h = ink.rows;
    for (int y = 0; y < h; ++y) {
        const double at = static_cast<double>(y) / h;
        if (!((at >= 0.2 && at < 0.35) || (at >= 0.65 && at < 0.8))) continue;
        const uchar* row = ink.ptr<uchar>(y);
        int run = 0;
        for (int x = 0; x <= ink.cols; ++x) {
            if (x < ink.cols && row[x]) {
                ++run;
            } else if (run > 0) {
                runs.push_back(run);
                run = 0;
            }
        }
    }
    if (runs.empty()) return 0.0;
    std::nth_element(runs.begin(), runs.begin() + static_cast<long>(runs.size() / 2), runs.end());
    return runs[runs.size() / 2];
}

int readUpright(const cv::Mat& ink) {
    const int w = ink.cols;
    const int h = ink.rows;
    if (w < kNarrowestSegmentInk * h || w > kWidestCell * h) return -1;
    const double t = strokeOf(ink);
    if (t < std::max(1.0, kThinnestSegment * h) || t > kThickestSegment * h) return -1;
    // A segment's band: its thickness and a fifth for the blur at its edges; the middle one's, centred.
    const int band = std::max(1, static_cast<int>(std::lround(1.2 * t)));
    const int half = std::max(1, static_cast<int>(std::lround(0.6 * t)));
    const int mid = h / 2;
    if (mid - half - band < kSideSpan * h || w - 2 * band < kAcrossSpan * h) return -1;
    // Each segment's band, and how much of its length ink covers.
    struct Band {
        unsigned segment;
        double cover;
    };
    const std::array<Band, 7> bands{{
        {kTop, acrossCover(ink, band, w - band, 0, band)},
        {kMiddle, acrossCover(ink, band, w - band, mid - half, mid + half)},
        {kBottom, acrossCover(ink, band, w - band, h - band, h)},
        {kUpperLeft, downCover(ink, 0, band, band, mid - half)},
        {kUpperRight, downCover(ink, w - band, w, band, mid - half)},
        {kLowerLeft, downCover(ink, 0, band, mid + half, h - band)},
        {kLowerRight, downCover(ink, w - band, w, mid + half, h - band)},
    }};
    unsigned pattern = 0;
    for (const Band& b : bands) {
        if (b.cover >= kLit) {
            pattern |= b.segment;
        } else if (b.cover > kDark) {
            return -1;
        }
    }
    // No ink between the segments: the two windows the segments frame are empty.
    const int all = cv::countNonZero(ink);
    const int inner = cv::countNonZero(ink(cv::Range(band, mid - half), cv::Range(band, w - band))) +
                      cv::countNonZero(ink(cv::Range(mid + half, h - band), cv::Range(band, w - band)));
    if (inner > kStray * all) return -1;
    // Lit sides are straight (a round digit's are not).
    const double wander = std::max(1.0, kStraight * t);
    const std::array<std::pair<unsigned, bool>, 4> sides{
        {{kUpperLeft, true}, {kUpperRight, false}, {kLowerLeft, true}, {kLowerRight, false}}};
    for (const auto& [segment, left] : sides) {
        if (!(pattern & segment)) continue;
        const bool above = segment == kUpperLeft || segment == kUpperRight;
        if (edgeWander(ink, left, above ? band : mid + half, above ? mid - half : h - band) > wander)
            return -1;
    }
    return segmentDigit(pattern);
}

int median(std::vector<int> values) {
    std::nth_element(values.begin(), values.begin() + static_cast<long>(values.size() / 2), values.end());
    return values[values.size() / 2];
}

}  // namespace

bool mayBeABar(const cv::Rect& box) {
    // Its thickness is at most its box across and at most its length over kBarLength; its box across is
    // at most kBarBox thicknesses.
    const int long_side = length(box);
    const int across = std::min(box.width, box.height);
    return long_side >= kShortestBar && across * kBarLength <= kBarBox * long_side;
}

int segmentDigit(unsigned pattern) {
    constexpr unsigned a = kTop, b = kUpperRight, c = kLowerRight, d = kBottom, e = kLowerLeft,
                       f = kUpperLeft, g = kMiddle;
    constexpr std::array<std::pair<unsigned, int>, 13> kDigits{{
        {a | b | c | d | e | f, 0},
        {b | c, 1},
        {a | b | d | e | g, 2},
        {a | b | c | d | g, 3},
        {b | c | f | g, 4},
        {a | c | d | f | g, 5},
        {a | c | d | e | f | g, 6},
        {c | d | e | f | g, 6},
        {a | b | c, 7},
        {a | b | c | f, 7},
        {a | b | c | d | e | f | g, 8},
        {a | b | c | d | f | g, 9},
        {a | b | c | f | g, 9},
    }};
    for (const auto& [lit, digit] : kDigits) {
        if (lit == pattern) return digit;
    }
    return -1;
}

std::vector<SegmentDigit> readSevenSegments(const std::vector<InkPiece>& pieces) {
    std::vector<Bar> bars;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (const std::optional<Bar> bar = barOf(pieces[i], static_cast<int>(i))) bars.push_back(*bar);
    }
    std::vector<int> parent(bars.size());
    std::iota(parent.begin(), parent.end(), 0);
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const InkPiece& p = pieces[static_cast<std::size_t>(bars[i].piece)];
        for (std::size_t j = i + 1; j < bars.size(); ++j) {
            const InkPiece& q = pieces[static_cast<std::size_t>(bars[j].piece)];
            const double thin = std::min(bars[i].thickness, bars[j].thickness);
            const double thick = std::max(bars[i].thickness, bars[j].thickness);
            if (p.light_on_dark != q.light_on_dark || thick > kSameThickness * thin ||
                gapBetween(p.box, q.box) > kSegmentGap * thin) {
                continue;
            }
            parent[static_cast<std::size_t>(root(parent, static_cast<int>(i)))] =
                root(parent, static_cast<int>(j));
        }
    }
    std::vector<std::vector<Bar>> groups(bars.size());
    for (std::size_t i = 0; i < bars.size(); ++i) {
        groups[static_cast<std::size_t>(root(parent, static_cast<int>(i)))].push_back(bars[i]);
    }
    std::vector<SegmentDigit> digits;
    for (const std::vector<Bar>& group : groups) {
        if (group.size() < 2 || group.size() > 7) continue;
        cv::Rect cell = pieces[static_cast<std::size_t>(group.front().piece)].box;
        for (const Bar& b : group) cell |= pieces[static_cast<std::size_t>(b.piece)].box;
        const int label = readCell(group, pieces, cell);
        if (label < 0) continue;
        SegmentDigit digit{
            cell,       label, pieces[static_cast<std::size_t>(group.front().piece)].light_on_dark,
            cell.width, 0.0,   {}};
        for (const Bar& b : group) {
            digit.pieces.push_back(b.piece);
            digit.stroke += b.thickness / static_cast<double>(group.size());
        }
        std::sort(digit.pieces.begin(), digit.pieces.end());
        digits.push_back(std::move(digit));
    }
    std::sort(digits.begin(), digits.end(),
              [](const SegmentDigit& a, const SegmentDigit& b) { return a.box.x < b.box.x; });
    return digits;
}

int readSegmentInk(const cv::Mat& ink) {
    // Standing it upright narrows it, never widens it: most crops are too narrow or too wide already.
    if (ink.rows < kSmallestSegmentInk || ink.cols < kNarrowestSegmentInk * ink.rows ||
        ink.cols > (kWidestCell + kShears.back()) * ink.rows) {
        return -1;
    }
    // The slant that stands the digit upright stacks its sides' ink in the fewest columns: the sum of
    // the squared column counts is highest (a horizontal segment counts alike at every slant).
    std::vector<cv::Point> points;
    cv::findNonZero(ink, points);
    if (points.empty()) return -1;
    const int reach = ink.cols + static_cast<int>(std::ceil(kShears.back() * ink.rows)) + 1;
    std::vector<int> columns(static_cast<std::size_t>(reach));
    double best_shear = 0;
    double best_score = -1;
    for (const double shear : kShears) {
        std::fill(columns.begin(), columns.end(), 0);
        for (const cv::Point& q : points) ++columns[static_cast<std::size_t>(q.x + shear * q.y)];
        double score = 0;
        for (const int n : columns) score += static_cast<double>(n) * n;
        if (score > best_score * kBetterSlant) {
            best_shear = shear;
            best_score = score;
        }
    }
    const cv::Mat up = upright(ink, best_shear);
    return up.empty() ? -1 : readUpright(up);
}

int cellWidthOnLine(const cv::Rect& box, bool light_on_dark, const std::vector<SegmentDigit>& digits,
                    std::size_t at_least) {
    std::vector<int> widths;
    for (const SegmentDigit& other : digits) {
        const int overlap =
            std::min(box.y + box.height, other.box.y + other.box.height) - std::max(box.y, other.box.y);
        if (other.label != 1 && other.light_on_dark == light_on_dark && 2 * overlap >= box.height &&
            std::abs(other.box.height - box.height) <= box.height / 4) {
            widths.push_back(other.box.width);
        }
    }
    if (widths.empty() || widths.size() < at_least) return 0;
    return median(widths);
}

void widenOnes(std::vector<SegmentDigit>& digits) {
    for (SegmentDigit& one : digits) {
        if (one.label != 1) continue;
        const int line = cellWidthOnLine(one.box, one.light_on_dark, digits, 1);
        one.cell_width =
            std::max(one.box.width, line > 0 ? line : static_cast<int>(kLoneOneCell * one.box.height));
    }
}

namespace {

// A display's cells stand further apart than this share of their width (the gap between them), and the
// right of a digit's lit ink lies within kCellAlign of its cell's right.
constexpr double kCellPitch = 1.6;
constexpr double kCellAlign = 0.25;
// Lit ink filling less than this share of a cell is no digit of it (a ghost's speck, a decimal point).
constexpr double kEmptyCell = 0.05;
// A cell's digit stands about as tall as the line's: a display's digits are all one height; a panel's lit
// edge is taller.
constexpr double kCellShortest = 0.85;
constexpr double kCellTallest = 1.1;
// A 1's bar is at most this many strokes wide.
constexpr double kCellOne = 2.5;

// The cells of a display's line: their width, the digits' height and stroke (px).
struct Cells {
    int width = 0;
    int height = 0;
    double stroke = 0;
};

// The digit in the cell of `cells` whose right edge is at `right`, level with `beside` (the line's digit
// next to it): the ink of `mask` whose pieces lie in the cell, read as segments, or as a 1 where it is a
// bare bar at the cell's right. Nothing where the cell is empty or shows no digit.
std::optional<SegmentDigit> readCellInk(const cv::Mat& mask, int right, const SegmentDigit& beside,
                                        const Cells& cells) {
    const int width = cells.width;
    const int height = cells.height;
    const int slack = std::max(2, height / 10);
    const int top = beside.box.y + beside.box.height / 2 - height / 2;
    const cv::Rect cell =
        cv::Rect(right - width - slack, top - slack, width + 2 * slack, height + 2 * slack) &
        cv::Rect(0, 0, mask.cols, mask.rows);
    if (cell.width < width / 2 || cell.height < height ||
        cv::countNonZero(mask(cell)) < kEmptyCell * width * height)
        return std::nullopt;
    // The pieces whose middles lie in the cell: a slanted neighbour's segment reaching in is left out.
    cv::Mat labels;
    cv::Mat stats;
    cv::Mat centroids;
    const int n = cv::connectedComponentsWithStats(mask(cell), labels, stats, centroids, 8, CV_32S);
    std::vector<std::uint8_t> kept(static_cast<std::size_t>(n), 0);
    for (int k = 1; k < n; ++k) {
        const double cx = centroids.at<double>(k, 0) + cell.x;
        if (cx > right - width && cx < right) kept[static_cast<std::size_t>(k)] = 255;
    }
    cv::Mat ink(cell.size(), CV_8U);
    for (int y = 0; y < ink.rows; ++y) {
        const int* label = labels.ptr<int>(y);
        std::uint8_t* out = ink.ptr<std::uint8_t>(y);
        for (int x = 0; x < ink.cols; ++x) out[x] = kept[static_cast<std::size_t>(label[x])];
    }
    if (cv::countNonZero(ink) < kEmptyCell * width * height) return std::nullopt;
    const cv::Rect lit = cv::boundingRect(ink);
    const cv::Rect box = lit + cell.tl();
    if (box.height < kCellShortest * height || box.height > kCellTallest * height ||
        std::abs(box.x + box.width - right) > kCellAlign * width)
        return std::nullopt;
    int label = readSegmentInk(ink(lit));
    if (label < 0 && box.width <= kCellOne * cells.stroke) label = 1;
    if (label < 0) return std::nullopt;
    return SegmentDigit{box, label, beside.light_on_dark, width, cells.stroke, {}};
}

}  // namespace

std::vector<SegmentDigit> readCells(std::vector<SegmentDigit> line, const cv::Mat& mask) {
    std::vector<int> widths;
    std::vector<int> heights;
    std::vector<int> strokes;
    for (const SegmentDigit& d : line) {
        if (d.label != 1) {
            widths.push_back(d.box.width);
            heights.push_back(d.box.height);
        }
        if (d.stroke > 0) strokes.push_back(static_cast<int>(std::lround(d.stroke)));
    }
    if (widths.size() < 2) return {};
    Cells cells{median(widths), median(heights), 0.0};
    cells.stroke = strokes.empty() ? kThinnestSegment * cells.height : median(strokes);
    const int width = cells.width;
    // Each digit's right is its cell's (a 1 lights that side only): the pitch is the step between them.
    const auto rightOf = [](const SegmentDigit& d) { return d.box.x + d.box.width; };
    std::sort(line.begin(), line.end(),
              [&](const SegmentDigit& p, const SegmentDigit& q) { return rightOf(p) < rightOf(q); });
    std::vector<int> steps;
    for (std::size_t k = 1; k < line.size(); ++k) {
        const int step = rightOf(line[k]) - rightOf(line[k - 1]);
        if (step >= width && step <= kCellPitch * width) steps.push_back(step);
    }
    if (steps.empty()) return {};
    const int pitch = median(steps);
    std::vector<SegmentDigit> found;
    // Cells in the gaps a whole number of pitches wide.
    for (std::size_t k = 1; k < line.size(); ++k) {
        const int step = rightOf(line[k]) - rightOf(line[k - 1]);
        const int count = static_cast<int>(std::lround(static_cast<double>(step) / pitch));
        if (count < 2 || std::abs(step - count * pitch) > kCellAlign * width) continue;
        for (int c = 1; c < count; ++c) {
            if (auto d = readCellInk(mask, rightOf(line[k - 1]) + c * pitch, line[k - 1], cells))
                found.push_back(*d);
        }
    }
    // Cells past either end, as long as they show digits.
    for (const int direction : {-1, 1}) {
        SegmentDigit end = direction < 0 ? line.front() : line.back();
        while (auto d = readCellInk(mask, rightOf(end) + direction * pitch, end, cells)) {
            found.push_back(*d);
            end = *d;
        }
    }
    return found;
}

}  // namespace digitcam
