#include "digitcam/segmenter.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace digitcam {
namespace {
cv::Mat ellipse(int size) {
    return size > 0 ? cv::getStructuringElement(cv::MORPH_ELLIPSE, {size, size}) : cv::Mat();
}

// Smaller components are noise, not marks.
constexpr int kMinMarkSide = 3;
// Ink filling less of its box than this is strokes, not a hole's paper.
constexpr double kStrokesFill = 0.5;
// A component at least this many times as long as it is wide that fills at least kSolidFill of its box
// is a bar: a display's segment (which its neighbours stand too close to for it to pass as ink of its
// own), a rule's piece (solidBars()).
constexpr double kSolidBar = 2.5;
constexpr double kSolidFill = 0.5;
// A box narrower than this share of its height holds one stroke, which may fill it.
constexpr double kStrokeAspect = 0.3;
// A box's side stands upright, but for the camera's slight tilt: a stroke from one ruled line to the
// next that leans further (a 9's stem) is a digit's.
constexpr double kSideLean = 0.35;
// A box is drawn with one pen: its side is at most about as thick as the rules it joins. A stroke
// this many times thicker than the thinner of them, and a pixel more, is a digit's (the stem of a bold 9
// from one thin ruled line down to the next; a 1 between a thin ruled line and one that blur or a
// stroke beside it thickens where it passes).
constexpr int kSideToRule = 2;

bool wantsDark(Polarity p) {
    return p != Polarity::LightOnDark;
}
bool wantsLight(Polarity p) {
    return p != Polarity::DarkOnLight;
}

// Most of the smaller box lies inside the larger one.
bool mostlyOverlap(const cv::Rect& a, const cv::Rect& b) {
    const int shared = (a & b).area();
    return shared > 0 && 2 * shared >= std::min(a.area(), b.area());
}

// The commonest of the positive counts up to `most`, 1 at least.
int commonest(const std::vector<int>& counts, int most) {
    std::vector<int> votes(static_cast<std::size_t>(most) + 1, 0);
    for (const int c : counts) {
        if (c > 0 && c <= most) ++votes[static_cast<std::size_t>(c)];
    }
    return std::max(1, static_cast<int>(std::max_element(votes.begin(), votes.end()) - votes.begin()));
}

// A rule's middle line, position = offset + slope * k along it: least squares through the middles
// (sum_of_positions[k] / across[k]) of its stretches about as thick as the rule.
struct Line {
    double offset = 0.0;
    double slope = 0.0;
};
Line middleLine(const std::vector<double>& sum_of_positions, const std::vector<int>& across, int thickness) {
    double n = 0, sk = 0, sm = 0, skk = 0, skm = 0;
    for (std::size_t k = 0; k < across.size(); ++k) {
        if (across[k] == 0 || across[k] > thickness + 1) continue;
        const double middle = sum_of_positions[k] / across[k];
        const auto position = static_cast<double>(k);
        n += 1;
        sk += position;
        sm += middle;
        skk += position * position;
        skm += position * middle;
    }
    Line line;
    if (n > 1 && n * skk > sk * sk) line.slope = (n * skm - sk * sm) / (n * skk - sk * sk);
    if (n > 0) line.offset = (sm - line.slope * sk) / n;
    return line;
}

// Of two overlapping regions of opposite polarity, one stands out this many times more than the other:
// it is ink, and the other its halo (the paper next to dark strokes is lighter than the local mean,
// which the strokes pull down) or a hole in it.
constexpr double kHaloContrast = 2.0;
// A region holds another when this share of the other's box lies inside its own.
constexpr double kHeld = 0.9;

// The ground a region's ink is measured against: a margin of a quarter of its box's height all round.
int groundMargin(const cv::Rect& box) {
    return std::max(2, box.height / 4);
}

// Whether most of `inner`'s ink lies in a hole of `outer`'s: paper its ink closes round, as a 0's
// round its hole, not merely inside its box.
bool enclosed(const Region& outer, const Region& inner) {
    const cv::Rect shared = inner.box & outer.box;
    if (shared.empty()) return false;
    cv::Mat outside;
    cv::copyMakeBorder(outer.ink, outside, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::floodFill(outside, cv::Point(0, 0), cv::Scalar(255));  // the ground round the ink, and the ink
    const cv::Mat in_hole = outside(shared - outer.box.tl() + cv::Point(1, 1)) == 0;
    const cv::Mat ink = inner.ink(shared - inner.box.tl());
    return 2 * cv::countNonZero(in_hole & ink) > cv::countNonZero(inner.ink);
}
// Fills one contour of `contours` into `canvas`, moved by `offset`. cv::drawContours sets up every
// contour of the list it is given on each call, whichever it draws, so drawing each of a frame's
// contours in turn took time quadratic in their count (a textured frame has thousands): it is given the
// one alone.
void fillContour(cv::Mat& canvas, const std::vector<std::vector<cv::Point>>& contours, int contour,
                 cv::Point offset) {
    const std::array<cv::Mat, 1> one{cv::Mat(contours[static_cast<std::size_t>(contour)])};
    cv::drawContours(canvas, one, 0, cv::Scalar(255), cv::FILLED, cv::LINE_8, cv::noArray(), 0, offset);
}

}  // namespace

void dropHoles(std::vector<Region>& regions, std::vector<cv::Rect>* dropped) {
    std::vector<bool> drop(regions.size(), false);
    for (std::size_t i = 0; i < regions.size(); ++i) {
        for (std::size_t j = i + 1; j < regions.size(); ++j) {
            const Region& a = regions[i];
            const Region& b = regions[j];
            if (a.light_on_dark == b.light_on_dark || (a.box & b.box).empty()) continue;
            // Strokes held in a region too wide for a digit (a lit display's digits in its dark panel,
            // which stands out from the paper round it more than they do from it) are no hole: a hole is
            // paper, which fills its box, and they fill far less of theirs.
            const Region& wide = a.touching_only ? a : b;
            const Region& inner = a.touching_only ? b : a;
            if (wide.touching_only && !inner.touching_only &&
                (a.box & b.box).area() >= kHeld * inner.box.area() &&
                cv::countNonZero(inner.ink) < kStrokesFill * inner.box.area()) {
                continue;
            }
            if (a.contrast > kHaloContrast * b.contrast || b.contrast > kHaloContrast * a.contrast) {
                drop[a.contrast < b.contrast ? i : j] = true;  // a halo, or a hole in ink that stands out
                continue;
            }
            if (!mostlyOverlap(a.box, b.box)) continue;
            // Holds: all but a sliver (a hole that a removed rule opened to the left by a pixel).
            const int shared = (a.box & b.box).area();
            const bool a_holds = shared >= kHeld * b.box.area();
            const bool b_holds = shared >= kHeld * a.box.area();
            // A hole may be wider than a digit (a 9's loop): only the holder's width makes it a pair, unless
            // its ink encloses what it holds, in under half its box (a bold 6's loop that lost its top, as
            // wide as a pair; a halo round dark digits encloses them too, but they fill most of its box).
            const Region& holder = a_holds ? a : b;
            const Region& held = a_holds ? b : a;
            if (a_holds != b_holds && (!holder.touching_only ||
                                       (2 * held.box.area() < holder.box.area() && enclosed(holder, held)))) {
                drop[a_holds ? j : i] = true;
            } else {
                drop[a.contrast < b.contrast ? i : j] = true;
            }
        }
    }
    std::size_t kept = 0;
    for (std::size_t i = 0; i < regions.size(); ++i) {
        if (!drop[i]) {
            regions[kept++] = std::move(regions[i]);
        } else if (dropped) {
            dropped->push_back(regions[i].box);
        }
    }
    regions.resize(kept);
}

AdaptiveThresholdSegmenter::AdaptiveThresholdSegmenter(SegmentationConfig config)
    : config_(config), open_kernel_(ellipse(config.morph_open)), close_kernel_(ellipse(config.morph_close)) {
    if (config.coarse_scale >= 2) {
        SegmentationConfig coarse = config;
        coarse.coarse_scale = 0;
        // Scaling down by area averages the noise away that the blur is for.
        coarse.blur = 0;
        // Below three times the block's side a digit's strokes are thin enough for the full-resolution
        // mask, and scaled down, the gaps between smaller digits close.
        coarse.min_height =
            std::max(4, (3 * config.block_size + config.coarse_scale - 1) / config.coarse_scale);
        // Rules stay in: a thin rule is thinner still one scale down, and rule removal would cost about
        // as much as the rest of the coarse search.
        coarse.rule_length = 0;
        coarse_ = std::make_unique<AdaptiveThresholdSegmenter>(coarse);
    }
}

AdaptiveThresholdSegmenter::~AdaptiveThresholdSegmenter() = default;
AdaptiveThresholdSegmenter::AdaptiveThresholdSegmenter(AdaptiveThresholdSegmenter&&) noexcept = default;
AdaptiveThresholdSegmenter& AdaptiveThresholdSegmenter::operator=(AdaptiveThresholdSegmenter&&) noexcept =
    default;

std::vector<Region> AdaptiveThresholdSegmenter::segment(const cv::Mat& image) {
    threshold(image);
    std::vector<Region> regions = findRegions();
    findLarge();
    return regions;
}

Segmentation AdaptiveThresholdSegmenter::segmentation(const cv::Mat& image) {
    Segmentation out;
    out.regions = segment(image);
    out.gray = gray_;
    out.mask = dark_mask_;
    out.light_mask = light_mask_;
    out.marks = marks_;
    out.solid_bars = solid_bars_;
    out.ground = ground_;
    out.large = large_;
    return out;
}

void AdaptiveThresholdSegmenter::findLarge() {
    large_.clear();
    if (!coarse_) return;
    const int scale = config_.coarse_scale;
    // A frame too small for a large digit at that scale has none (and a few pixels would scale to none).
    if (gray_.cols / scale < 1 || gray_.rows / scale < coarse_->config_.min_height) return;
    // From the half-resolution copy the mean was computed on, when there is one: a quarter of the work.
    const bool from_half = !half_.empty() && scale % 2 == 0;
    cv::resize(from_half ? half_ : gray_, coarse_gray_, {gray_.cols / scale, gray_.rows / scale}, 0, 0,
               cv::INTER_AREA);
    const cv::Rect frame(0, 0, gray_.cols, gray_.rows);
    for (Region& r : coarse_->segment(coarse_gray_)) {
        const cv::Rect scaled(r.box.x * scale, r.box.y * scale, r.box.width * scale, r.box.height * scale);
        const cv::Rect box = scaled & frame;
        if (box.empty()) continue;
        cv::Mat ink;
        cv::resize(r.ink, ink, scaled.size(), 0, 0, cv::INTER_LINEAR);
        cv::compare(ink(cv::Rect(box.tl() - scaled.tl(), box.size())), 127, r.ink, cv::CMP_GT);
        r.box = box;
        large_.push_back(std::move(r));
    }
}

void AdaptiveThresholdSegmenter::threshold(const cv::Mat& image) {
    if (image.channels() == 3) {
        cv::cvtColor(image, gray_, cv::COLOR_BGR2GRAY);
    } else {
        image.copyTo(gray_);
    }
    if (config_.blur > 0) cv::GaussianBlur(gray_, gray_, {config_.blur, config_.blur}, 0);
    // cv::adaptiveThreshold's rule, with the neighbourhood mean computed once for both polarities:
    // dark ink is darker than its neighbourhood by at least ceil(c), light ink lighter by as much.
    // The mean over a large neighbourhood is smooth, so for blocks of 15 px and more it is computed at
    // half resolution (a block of half the size) and scaled back: a third of the time, the same mask
    // but for a grey level here and there.
    const bool half = config_.block_size >= 15;
    const int side = half ? (config_.block_size / 2) | 1 : config_.block_size;
    const cv::Size block(side, side);
    const cv::Mat& source = half ? half_ : gray_;
    if (half) cv::resize(gray_, half_, {(gray_.cols + 1) / 2, (gray_.rows + 1) / 2}, 0, 0, cv::INTER_AREA);
    cv::Mat& mean = half ? half_mean_ : local_mean_;
    constexpr int kBorder = cv::BORDER_REPLICATE | cv::BORDER_ISOLATED;
    if (config_.method == ThresholdMethod::Gaussian) {
        cv::GaussianBlur(source, mean, block, 0, 0, kBorder);
    } else {
        cv::boxFilter(source, mean, -1, block, {-1, -1}, true, kBorder);
    }
    if (half) cv::resize(half_mean_, local_mean_, gray_.size(), 0, 0, cv::INTER_LINEAR);
    const double c = std::ceil(config_.c);
    // How far each pixel lies below (dark) or above (light) its mean is at least c. For c >= 1 the
    // saturating 8-bit difference answers that (a pixel on the other side gives 0), half the time of a
    // signed 16-bit difference compared twice.
    const bool positive = c >= 1.0;
    if (!positive) cv::subtract(gray_, local_mean_, contrast_, cv::noArray(), CV_16S);
    auto inkMask = [&](bool light, cv::Mat& mask) {
        if (positive) {
            cv::subtract(light ? gray_ : local_mean_, light ? local_mean_ : gray_, contrast_);
            cv::compare(contrast_, c, mask, cv::CMP_GE);
        } else {
            cv::compare(contrast_, light ? c : -c, mask, light ? cv::CMP_GE : cv::CMP_LE);
        }
    };
    if (wantsDark(config_.polarity)) {
        inkMask(false, dark_mask_);
        morphology(dark_mask_);
        removeRules(dark_mask_, dark_rules_);
    } else {
        dark_mask_.release();
    }
    if (wantsLight(config_.polarity)) {
        inkMask(true, light_mask_);
        // Rules are taken out of dark ink only (ruled paper, forms, underlines): light rules are rare,
        // and the light mask is full of halos along dark ones, which cost time and leave pieces.
        morphology(light_mask_);
    } else {
        light_mask_.release();
    }
}

void AdaptiveThresholdSegmenter::morphology(cv::Mat& mask) const {
    if (!open_kernel_.empty()) cv::morphologyEx(mask, mask, cv::MORPH_OPEN, open_kernel_);
    if (!close_kernel_.empty()) cv::morphologyEx(mask, mask, cv::MORPH_CLOSE, close_kernel_);
}

void AdaptiveThresholdSegmenter::removeRules(cv::Mat& mask, cv::Mat& rules) {
    rules.release();
    if (config_.rule_length <= 0) return;
    // At half resolution (a 2x2 block is ink if any of its pixels is), which is four times cheaper and
    // keeps a 1 px line.
    cv::resize(mask, small_, {(mask.cols + 1) / 2, (mask.rows + 1) / 2}, 0, 0, cv::INTER_AREA);
    cv::compare(small_, 0, small_, cv::CMP_GT);
    found_.create(small_.size(), CV_8U);
    found_.setTo(0);
    std::vector<cv::Rect> boxes;  // of the rules found, at half resolution
    std::vector<cv::Rect> sides;  // of the sides of boxes shorter than rule_length
    auto touchesFound = [&](const cv::Rect& near) {
        const cv::Rect inside = near & cv::Rect(0, 0, found_.cols, found_.rows);
        return !inside.empty() && cv::countNonZero(found_(inside)) > 0;
    };
    // The thickness of the rules found near: the most of their pixels in one column.
    auto foundThickness = [&](const cv::Rect& near) {
        const cv::Rect inside = near & cv::Rect(0, 0, found_.cols, found_.rows);
        int most = 0;
        for (int x = inside.x; x < inside.x + inside.width; ++x) {
            most = std::max(most, cv::countNonZero(found_(cv::Rect(x, inside.y, 1, inside.height))));
        }
        return most;
    };
    // Runs of ink at least `run` long: a rule tilted by a few degrees is a staircase of such runs,
    // which touch one another and make one long component. A digit's bar makes runs too, but short
    // ones, or thick for their length.
    const int run = std::max(8, config_.min_height / 2);
    const int length = std::max(1, config_.rule_length / 2);
    for (const bool horizontal : {true, false}) {
        const cv::Size kernel = horizontal ? cv::Size(run, 1) : cv::Size(1, run);
        cv::morphologyEx(small_, runs_, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, kernel));
        // The runs' components (8-connected), by their outlines: a few times cheaper than labelling every
        // pixel, and the runs are sparse. Taken in the order a raster scan meets them (their top row,
        // then their leftmost pixel in it), as a labelling would, since where two rules cross the later
        // one takes the crossing.
        cv::findContours(runs_, run_contours_, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
        struct Component {
            cv::Point first;  // its first pixel in a raster scan
            cv::Rect box;
            int contour;
        };
        std::vector<Component> components;
        for (int c = 0; c < static_cast<int>(run_contours_.size()); ++c) {
            const auto& contour = run_contours_[static_cast<std::size_t>(c)];
            const cv::Rect box = cv::boundingRect(contour);
            int first = box.x + box.width;
            for (const cv::Point& p : contour) {
                if (p.y == box.y) first = std::min(first, p.x);
            }
            components.push_back({cv::Point(first, box.y), box, c});
        }
        std::sort(components.begin(), components.end(), [](const Component& a, const Component& b) {
            return a.first.y != b.first.y ? a.first.y < b.first.y : a.first.x < b.first.x;
        });
        for (const Component& component : components) {
            const cv::Rect& box = component.box;
            const int extent = horizontal ? box.width : box.height;
            // A vertical line from one rule to another is the side of a box however short: digits
            // written in the box touch it.
            const bool side = !horizontal && !boxes.empty() &&
                              touchesFound(cv::Rect(box.x - 1, box.y - 3, box.width + 2, 6)) &&
                              touchesFound(cv::Rect(box.x - 1, box.y + box.height - 3, box.width + 2, 6));
            if (extent < length && !side) continue;
            // Its own ink: inside its outline, and a run (no rule holds another in a hole).
            run_ink_.create(box.size(), CV_8U);
            run_ink_.setTo(0);
            fillContour(run_ink_, run_contours_, component.contour, -box.tl());
            cv::bitwise_and(run_ink_, runs_(box), run_ink_);
            // The rule's thickness: the median count of its pixels across it (per column of a
            // horizontal rule), which digits touching it along the way do not move.
            // With it, the sum of its pixels' positions across it, for its middle line below.
            std::vector<int> across(static_cast<std::size_t>(extent), 0);
            std::vector<double> middle(static_cast<std::size_t>(extent), 0.0);
            for (int y = box.y; y < box.y + box.height; ++y) {
                const uchar* own = run_ink_.ptr<uchar>(y - box.y);
                for (int x = box.x; x < box.x + box.width; ++x) {
                    if (own[x - box.x] == 0) continue;
                    const auto k = static_cast<std::size_t>(horizontal ? x - box.x : y - box.y);
                    ++across[k];
                    middle[k] += horizontal ? y : x;
                }
            }
            std::vector<int> sorted = across;
            std::nth_element(sorted.begin(), sorted.begin() + extent / 2, sorted.end());
            int thickness = std::max(1, sorted[static_cast<std::size_t>(extent / 2)]);
            // A short side may run along a digit for half its length: its commonest thickness.
            if (side) {
                thickness = commonest(across, thickness);
                const int rule =
                    std::min(foundThickness({box.x - 1, box.y - 5, box.width + 2, 10}),
                             foundThickness({box.x - 1, box.y + box.height - 5, box.width + 2, 10}));
                if (thickness > kSideToRule * rule + 1) continue;
            }
            if (thickness * 30 > extent && !side) continue;
            // The rule's middle line, fitted by least squares through the middles of its clean stretches
            // (about as thick as the rule): ink beside that line belongs to what touches the rule, a
            // digit's stroke running along it (the foot of a 2 on an underline, the stem of a 7 against
            // the side of a box), and stays.
            const Line line = middleLine(middle, across, thickness);
            if (side && std::abs(line.slope) > kSideLean) continue;
            const int thickest = side ? thickness + 1 : 2 * thickness + 1;
            // Where a stroke crosses the rule, ink lies just beyond it on both sides (ink of no rule found
            // so far: where two rules cross, the later one takes the crossing): a digit written over the
            // side of its box, or through an underline, is one piece of ink, and stays one.
            auto inkBeyond = [&](int k, int from_line) {
                const double at = line.offset + line.slope * k + from_line;
                for (const int step : {0, from_line > 0 ? 1 : -1}) {
                    const int across_at = static_cast<int>(std::lround(at)) + step;
                    const int along = (horizontal ? box.x : box.y) + k;
                    const cv::Point p =
                        horizontal ? cv::Point(along, across_at) : cv::Point(across_at, along);
                    if (p.x < 0 || p.y < 0 || p.x >= small_.cols || p.y >= small_.rows) continue;
                    if (small_.at<uchar>(p) && !found_.at<uchar>(p)) return true;
                }
                return false;
            };
            // A stroke slanting across a vertical rule (the waist of an 8 over the side of the amount box)
            // has its ink beyond it on each side a few rows apart: within `reach` rows of each other.
            // What crosses an underline or a ruled line is a stem, upright, and the ink on either side
            // of it is in the same column (a reach there left stubs of the line on digits, read nothing
            // more).
            std::vector<bool> after(static_cast<std::size_t>(extent));
            std::vector<bool> before(static_cast<std::size_t>(extent));
            for (int k = 0; k < extent; ++k) {
                after[static_cast<std::size_t>(k)] = inkBeyond(k, thickness + 2);
                before[static_cast<std::size_t>(k)] = inkBeyond(k, -(thickness + 2));
            }
            const int reach = horizontal ? 0 : thickness + 2;
            const auto near = [&](const std::vector<bool>& beyond, int k) {
                const auto from = beyond.begin() + std::max(0, k - reach);
                const auto to = beyond.begin() + std::min(extent, k + reach + 1);
                return std::find(from, to, true) != to;
            };
            std::vector<bool> crossed(static_cast<std::size_t>(extent));
            for (int k = 0; k < extent; ++k) {
                crossed[static_cast<std::size_t>(k)] = near(after, k) && near(before, k);
            }
            // Where a digit's stroke thickens it, the rule stays: better a stub on a digit than a cut. A
            // short side stays where anything thickens it: a stroke lying on it (the 0 of cents written
            // against the box) fuses with it into one stroke, and taking that loses the digit's side.
            for (int y = box.y; y < box.y + box.height; ++y) {
                const uchar* own = run_ink_.ptr<uchar>(y - box.y);
                uchar* out = found_.ptr<uchar>(y);
                for (int x = box.x; x < box.x + box.width; ++x) {
                    const int k = horizontal ? x - box.x : y - box.y;
                    const double from_line = std::abs((horizontal ? y : x) - (line.offset + line.slope * k));
                    if (own[x - box.x] != 0 && across[static_cast<std::size_t>(k)] <= thickest &&
                        from_line <= thickness + 1 && !crossed[static_cast<std::size_t>(k)])
                        out[x] = 255;
                }
            }
            (extent < length ? sides : boxes).push_back(box);
        }
    }
    if (boxes.empty()) return;
    // Back at full resolution, grown by a pixel, only around the rules found. The short sides are taken
    // out of the mask but are no rules to sideOfAFrame(): a digit they run through touches them at its
    // top and bottom.
    toFullResolution(boxes, mask.size(), rules);
    mask.setTo(0, rules);
    if (sides.empty()) return;
    toFullResolution(sides, mask.size(), sides_);
    mask.setTo(0, sides_);
}

void AdaptiveThresholdSegmenter::toFullResolution(const std::vector<cv::Rect>& boxes, cv::Size size,
                                                  cv::Mat& out) {
    out.create(size, CV_8U);
    out.setTo(0);
    const cv::Rect frame(0, 0, size.width, size.height);
    for (const cv::Rect& box : boxes) {
        const cv::Rect full =
            cv::Rect(2 * box.x - 1, 2 * box.y - 1, 2 * box.width + 2, 2 * box.height + 2) & frame;
        cv::Mat roi = out(full);
        cv::resize(found_(cv::Rect(full.x / 2, full.y / 2, (full.width + 1) / 2, (full.height + 1) / 2) &
                          cv::Rect(0, 0, found_.cols, found_.rows)),
                   grown_, {}, 2.0, 2.0, cv::INTER_NEAREST);
        grown_ = grown_(cv::Rect(full.x % 2, full.y % 2, full.width, full.height) &
                        cv::Rect(0, 0, grown_.cols, grown_.rows));
        cv::dilate(grown_, grown_, cv::Mat());
        cv::Mat target = roi(cv::Rect(0, 0, grown_.cols, grown_.rows));
        cv::bitwise_or(target, grown_, target);
    }
}

std::vector<Region> AdaptiveThresholdSegmenter::findRegions() {
    std::vector<Region> regions;
    marks_.clear();
    solid_bars_.clear();
    ground_.clear();
    if (!dark_mask_.empty()) appendRegions(dark_mask_, dark_rules_, false, regions);
    if (!light_mask_.empty()) appendRegions(light_mask_, cv::Mat(), true, regions);
    if (!dark_mask_.empty() && !light_mask_.empty()) dropHoles(regions, trace_ ? &ground_ : nullptr);
    if (static_cast<int>(regions.size()) > config_.max_candidates) {
        std::nth_element(regions.begin(), regions.begin() + config_.max_candidates, regions.end(),
                         [](const Region& a, const Region& b) { return a.box.area() > b.box.area(); });
        regions.resize(config_.max_candidates);
    }
    std::sort(regions.begin(), regions.end(), [](const Region& a, const Region& b) {
        return a.box.x != b.box.x ? a.box.x < b.box.x : a.box.y < b.box.y;
    });
    return regions;
}

namespace {
bool touchesRule(const cv::Mat& rules, const cv::Rect& strip) {
    const cv::Rect inside = strip & cv::Rect(0, 0, rules.cols, rules.rows);
    return !inside.empty() && cv::countNonZero(rules(inside)) > 0;
}
}  // namespace

// Taking a box's rules out leaves its short sides, which look like 1s, and what is left of its outline.
// Both touch a removed rule at their top and bottom; a digit on an underline or crossed by a ruled line
// does not. A digit as tall as the space between two ruled lines touches both, but it is no slim stroke
// (a side), nor a hairline round its box (an outline's remains, which min_fill does not reject when the
// digits inside count as its ink).
bool AdaptiveThresholdSegmenter::sideOfAFrame(int contour, const cv::Rect& box, const cv::Mat& rules) const {
    if (rules.empty()) return false;
    constexpr int kReach = 3;
    if (!touchesRule(rules, {box.x, box.y - kReach, box.width, 2 * kReach}) ||
        !touchesRule(rules, {box.x, box.y + box.height - kReach, box.width, 2 * kReach})) {
        return false;
    }
    if (box.width < kStrokeAspect * box.height) return true;
    double own = cv::contourArea(contours_[static_cast<std::size_t>(contour)]);
    for (int h = hierarchy_[contour][2]; h >= 0; h = hierarchy_[h][0]) {
        own -= cv::contourArea(contours_[static_cast<std::size_t>(h)]);
    }
    return own < config_.min_fill * box.area();
}

const cv::Mat& AdaptiveThresholdSegmenter::filledContour(int contour, const cv::Rect& box) {
    filled_.create(box.size(), CV_8U);
    filled_.setTo(0);
    fillContour(filled_, contours_, contour, -box.tl());
    return filled_;
}

AdaptiveThresholdSegmenter::Greys AdaptiveThresholdSegmenter::greys(const cv::Rect& box,
                                                                    const cv::Mat& ink) const {
    // The ground: the margin all round the box, clipped to the frame.
    const int pad = groundMargin(box);
    const cv::Rect frame(0, 0, gray_.cols, gray_.rows);
    const cv::Rect outer =
        cv::Rect(box.x - pad, box.y - pad, box.width + 2 * pad, box.height + 2 * pad) & frame;
    const double ring_area = static_cast<double>(outer.area() - box.area());
    const double ink_grey = cv::mean(gray_(box), ink)[0];
    if (ring_area <= 0) return {ink_grey, ink_grey};
    return {ink_grey, (cv::sum(gray_(outer))[0] - cv::sum(gray_(box))[0]) / ring_area};
}

bool AdaptiveThresholdSegmenter::insideItsGround(const cv::Rect& box, const Greys& greys, bool light) const {
    const int pad = groundMargin(box);
    const cv::Rect frame(0, 0, gray_.cols, gray_.rows);
    const double half_contrast = 0.5 * std::abs(greys.ink - greys.ground);
    auto likeInk = [&](const cv::Rect& strip) {
        const cv::Rect inside = strip & frame;
        return !inside.empty() && std::abs(cv::mean(gray_(inside))[0] - greys.ink) < half_contrast;
    };
    const bool above = likeInk({box.x, box.y - pad, box.width, pad});
    if (light && above) return true;
    if (!light && !above) return false;
    return likeInk({box.x, box.y + box.height, box.width, pad});
}

void AdaptiveThresholdSegmenter::fillHollowStrokes(int contour, const cv::Rect& box, const Greys& greys,
                                                   cv::Mat& ink) {
    // A stroke wider than the threshold's neighbourhood comes out hollow: its middle is no darker than
    // the mean around it, which the stroke itself pulls down, so it shows as a hole. A hole as dark as
    // the ink (nearer the ink's grey than the ground's) is stroke and is filled; the hole of a 0 holds
    // ground and stays.
    // Each hole over its own box: a halo round a line of digits has a hole for each, and a pass over
    // the whole box per hole cost more than the rest of the region.
    for (int h = hierarchy_[contour][2]; h >= 0; h = hierarchy_[h][0]) {
        const cv::Rect hole_box = cv::boundingRect(contours_[static_cast<std::size_t>(h)]) & box;
        if (hole_box.empty()) continue;
        hole_.create(hole_box.size(), CV_8U);
        hole_.setTo(0);
        fillContour(hole_, contours_, h, -hole_box.tl());
        const double grey = cv::mean(gray_(hole_box), hole_)[0];
        if (std::abs(grey - greys.ink) < 0.25 * std::abs(greys.ground - greys.ink))
            ink(hole_box - box.tl()).setTo(255, hole_);
    }
}

void AdaptiveThresholdSegmenter::appendRegions(const cv::Mat& mask, const cv::Mat& rules, bool light,
                                               std::vector<Region>& regions) {
    // The outer boundary of every ink component. Not RETR_EXTERNAL: the edge of a sheet of paper or of
    // a plate is a component too, and would hide everything inside it. RETR_CCOMP lists components
    // inside others' holes at its top level as well; holes (with a parent) are skipped.
    contours_.clear();
    hierarchy_.clear();
    cv::findContours(mask, contours_, hierarchy_, cv::RETR_CCOMP, cv::CHAIN_APPROX_SIMPLE);

    const int max_height = static_cast<int>(config_.max_height_ratio * mask.rows);
    for (int i = 0; i < static_cast<int>(contours_.size()); ++i) {
        if (hierarchy_[i][3] >= 0) continue;
        const cv::Rect box = cv::boundingRect(contours_[i]);
        const double aspect = static_cast<double>(box.width) / box.height;
        // Touching digits make a region up to kMostTouching times as wide as one may be.
        if (box.height < config_.min_height || box.height > max_height || aspect < config_.min_aspect ||
            aspect > kMostTouching * config_.max_aspect || sideOfAFrame(i, box, rules)) {
            // Not a digit, but a dot, dash or slash between digits ends a number (NumberReader), which
            // weighs how much a dot stands out: a pen's as much as the digits, a speck of grime less.
            // Measured for ink too short for a digit only: a dot taller is a candidate, measured as one,
            // and the paper's or a plate's outline would cost a fill of most of the frame.
            if (std::max(box.width, box.height) >= kMinMarkSide) {
                float contrast = 0.f;
                if (box.height < config_.min_height) {
                    const Greys grey = greys(box, filledContour(i, box));
                    contrast = static_cast<float>(light ? grey.ink - grey.ground : grey.ground - grey.ink);
                }
                marks_.push_back({box, light, contrast});
            }
            continue;
        }
        // The region's own ink: inside its outer contour and inked, so holes stay holes and a
        // neighbour reaching into the box is left out.
        Region region;
        region.box = box;
        region.light_on_dark = light;
        region.touching_only = aspect > config_.max_aspect;
        cv::bitwise_and(filledContour(i, box), mask(box), region.ink);
        const Greys grey = greys(box, region.ink);
        // Ink differs from the ground around it; a halo of ground around a speck or a blob does not.
        region.contrast = static_cast<float>(light ? grey.ink - grey.ground : grey.ground - grey.ink);
        const bool elongated = std::max(box.width, box.height) >= kSolidBar * std::min(box.width, box.height);
        const auto reject = [&](double fill) {
            if (region.touching_only) {
                marks_.push_back(
                    {box, light, region.contrast});  // wide for a digit, as before it was looked at
            } else if (trace_) {
                ground_.push_back(box);
            }
            if (fill >= kSolidFill && elongated) solid_bars_.push_back({box, light, region.contrast});
        };
        // Too faint and no bar: out whatever its fill, which is not measured (half the light mask's
        // candidates are halos of dark ink, and measuring their holes and fill cost as much as the rest).
        if (region.contrast < config_.c && !elongated) {
            reject(0.0);
            continue;
        }
        fillHollowStrokes(i, box, grey, region.ink);
        const int ink = cv::countNonZero(region.ink);
        const double fill = static_cast<double>(ink) / box.area();
        // Ink stands out from the ground above and below it too. The paper between and beside the dark
        // strokes of small print is lighter than the mean around it, which the strokes pull down, and
        // passes for light ink (a 1); but above or below it lies more of the same paper. Light ink (a
        // plate's, a display's) has its dark ground all round; dark ink needs only one side clear
        // (a digit on an underline, or with the line above close over it).
        // max_fill is for solid blobs; a slim bar of small type is a stroke (a small upright 1, which fills
        // its box). A taller one is as likely a piece of a rule or a box's side.
        const bool bar = aspect < kStrokeAspect && box.height < config_.block_size;
        if (fill < config_.min_fill || (fill > config_.max_fill && !bar) || region.contrast < config_.c ||
            insideItsGround(box, grey, light)) {
            reject(fill);
            continue;
        }
        regions.push_back(std::move(region));
    }
}

}  // namespace digitcam
