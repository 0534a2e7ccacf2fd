#include "digitcam/number_reader.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace digitcam {
namespace {
double centreY(const cv::Rect& r) {
    return r.y + r.height / 2.0;
}

// How far a digit stands from the one before it in its line: from the one's right to the other's left,
// counting the room at its left that is its own (Digit::lead) as no gap, never as overlap: a 1 given a
// cell wider than its own (a tabular figure's) stands no closer than touching.
int gapBetween(const Digit& previous, const Digit& next) {
    const int gap = next.box.x - (previous.box.x + previous.box.width);
    return std::min(gap, std::max(0, gap - next.lead));
}

double centreX(const cv::Rect& r) {
    return r.x + r.width / 2.0;
}

// The steepest tilt taken for a page's (about 17 degrees): a number written on a slope steeper than
// that says nothing of the page's other lines.
constexpr double kMostTilt = 0.3;

// The page's tilt, rise over run (down is positive): the median over the numbers of two digits or more
// of the line through their digits' centres, 0 when there is none. The median, since one number's digits
// (handwritten, or a line's ends) may stray.
double pageTilt(const std::vector<Number>& numbers) {
    std::vector<double> slopes;
    for (const Number& number : numbers) {
        if (number.digits.size() < 2) continue;
        std::vector<cv::Point2f> centres;
        for (const Digit& d : number.digits)
            centres.emplace_back(static_cast<float>(centreX(d.box)), static_cast<float>(centreY(d.box)));
        cv::Vec4f line;  // direction (vx, vy), then a point on it
        cv::fitLine(centres, line, cv::DIST_L2, 0, 0.01, 0.01);
        if (std::abs(line[0]) > std::abs(line[1])) slopes.push_back(line[1] / line[0]);
    }
    if (slopes.empty()) return 0.0;
    const auto middle = slopes.begin() + static_cast<std::ptrdiff_t>(slopes.size() / 2);
    std::nth_element(slopes.begin(), middle, slopes.end());
    return std::clamp(*middle, -kMostTilt, kMostTilt);
}

// The height of a number's line: its tallest digit, its box where it has none. Its box is taller than
// its line when the line slants.
double lineHeight(const Number& number) {
    int tallest = 0;
    for (const Digit& d : number.digits) tallest = std::max(tallest, d.box.height);
    return tallest > 0 ? tallest : number.box.height;
}

// A 1 is a bare upright stroke: its height beside the other digits of its number is most of what tells
// it from a piece of a letter or of a broken stroke. Digits of one number stand about as tall.
constexpr double kShortOne = 0.7;
// Digits beside each other are written with one pen or set in one face: a 1 that is a straight upright
// bar (its box no wider than kBar strokes) with a stroke thinner than kThinOne of theirs is another
// line's piece (the side of a box, broken), unless it is a 1 of another pen: about as tall as they are (at
// least kFullOne of their height: a writer's 1 stands a little shorter than the next writer's 7 now and
// then) and no hairline (its stroke at least kHairline of its height, a box's side being about a
// twentieth, and at least kHairlinePx: beside fine print a box's side of a pixel or two is no hairline by
// its share of the height). MNIST digits of different writers side by side make such 1s, and thinner
// ones that lean or waver.
constexpr double kThinOne = 0.5;
constexpr double kBar = 2.5;
constexpr double kHairline = 0.07;
constexpr double kHairlinePx = 3.0;
constexpr double kFullOne = 0.85;
// A digit takes at least this share of its height in its line, however slim its ink (a 1).
constexpr double kSlimRoom = 1.0 / 3;
// A dash between digits is at least this share of their strokes thick (its box's height).
constexpr double kThinDash = 0.5;
// A dot standing out less than this share of the fainter of the digits beside it is no separator, when
// it is at least kBlurProofDot px wide both ways (a narrower one, less in proportion to its width): blur
// (a sigma of 1.4 px) keeps about 0.7 of a 5 px dot's contrast at its middle, and half of a 3 px one's.
constexpr double kFaintDot = 0.5;
constexpr int kBlurProofDot = 5;
// A printed slash leans right by 0.3 to 0.8 of its height (fonts' own figures), down to about 0.11 in
// scenes (condensed faces, perspective), and is straight; a printed 1 stands upright, and a handwritten
// one wavers.
constexpr double kSlashLean = 0.1;
constexpr double kSlashWaver = 0.05;
// A space between words, in digit heights, beyond the usual gap between the digits of a number (a
// plate's "YD 2929"), and at least this many times that gap.
constexpr double kSpace = 0.5;
constexpr double kSpaceRatio = 2.0;

int value(const std::vector<Digit>& digits, std::size_t from, std::size_t to) {
    int v = 0;
    for (std::size_t k = from; k < to; ++k) v = 10 * v + digits[k].label;
    return v;
}
}  // namespace

bool slashShaped(const cv::Mat& ink) {
    const cv::Moments m = cv::moments(ink, true);
    if (m.m00 < 3 || m.mu02 <= 0) return false;
    // x against y by least squares: the slope is the lean (y grows downward), the spread of x about
    // the fitted line is how much the stroke wavers, less the spread of a straight stroke as thick (a
    // band of w columns spreads by w / sqrt(12)), so that a bold slash is as straight as a thin one.
    std::vector<int> widths;
    for (int y = 0; y < ink.rows; ++y) {
        const int w = cv::countNonZero(ink.row(y));
        if (w > 0) widths.push_back(w);
    }
    std::nth_element(widths.begin(), widths.begin() + static_cast<long>(widths.size() / 2), widths.end());
    const double width = widths[widths.size() / 2];
    const double lean = -m.mu11 / m.mu02;
    const double spread = (m.mu20 - m.mu11 * m.mu11 / m.mu02) / m.m00;
    const double waver = std::sqrt(std::max(0.0, spread - width * width / 12.0));
    return lean >= kSlashLean && waver <= kSlashWaver * ink.rows;
}

NumberReader::NumberReader(ReadingConfig config) : config_(config) {}

bool NumberReader::sameLine(const cv::Rect& a, const cv::Rect& b) const {
    const int shorter = std::min(a.height, b.height);
    const int taller = std::max(a.height, b.height);
    if (taller > config_.max_height_ratio * shorter) return false;
    const int overlap = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
    return overlap >= config_.line_overlap * shorter;
}

bool NumberReader::follows(const Digit& previous, const Digit& next) const {
    const cv::Rect& a = previous.box;
    const cv::Rect& b = next.box;
    if (previous.light_on_dark != next.light_on_dark || !sameLine(a, b)) return false;  // one ink
    const int gap = gapBetween(previous, next);
    // Handwriting leans: neighbours may overlap a little, never by most of a digit. A 1's box is a bare
    // stroke, far narrower than the room it takes in the line: the slanted foot of a 7 reaches under it.
    auto room = [](const Digit& d) {
        return std::max(static_cast<double>(d.box.width + d.lead), kSlimRoom * d.box.height);
    };
    if (gap < -0.5 * std::min(room(previous), room(next))) return false;
    return gap <= config_.max_gap * (a.height + b.height) / 2.0;
}

bool NumberReader::separated(const Digit& previous, const Digit& next, const std::vector<Mark>& marks) {
    const cv::Rect& a = previous.box;
    const cv::Rect& b = next.box;
    const double height = (a.height + b.height) / 2.0;
    const double top = std::min(a.y, b.y);
    const double bottom = std::max(a.y + a.height, b.y + b.height);
    const double gap_left = a.x + a.width;
    const double gap_right = b.x;
    for (const Mark& mark : marks) {
        if (mark.light_on_dark != previous.light_on_dark) continue;
        const cv::Rect& m = mark.box;
        const double cx = m.x + m.width / 2.0;
        const double cy = m.y + m.height / 2.0;
        if (cx <= a.x + a.width * 0.75 || cx >= b.x + b.width * 0.25) continue;  // not in the gap
        if (cy < top || cy > bottom + 0.3 * height) continue;                    // not on the line
        if (m.height >= 0.5 * height && m.width <= 1.5 * height) return true;    // a letter, a sign, a slash
        // Smaller marks must look like what a reader takes for a separator. A dot: compact, on the
        // baseline, its centre in the gap; being ink of its own, it may sit under a neighbour's
        // overhang (a handwritten 5's bar) or a pixel from tight type, or below the foot of the digit
        // before it, under the right of its box (a 9 whose loop reaches further right than its tail, a 4
        // whose bar does).
        // ... and stand out about as much as the digits: a speck far fainter is grime (two faint specks
        // in a handwritten number read as a colon split it). Blur fades a dot of small print a few
        // pixels wide by half, so one narrower than kBlurProofDot is judged against a bar lowered in
        // proportion to its width (a 3 px dot of print still splits; a faint 4 px speck beside a
        // handwritten 9 does not).
        const double blurred =
            std::min(1.0, static_cast<double>(std::min(m.width, m.height)) / kBlurProofDot);
        const bool faint = mark.contrast > 0 && previous.contrast > 0 && next.contrast > 0 &&
                           mark.contrast < blurred * kFaintDot * std::min(previous.contrast, next.contrast);
        const double relative_y = (cy - top) / (bottom - top);
        const int side = std::max(m.width, m.height);
        const bool below_previous = m.y + m.height > a.y + a.height;
        const bool dot = !faint && side >= 0.07 * height && side <= 0.45 * height &&
                         side <= 2 * std::min(m.width, m.height) && relative_y >= 0.6 &&
                         (cx > gap_left || below_previous) && cx < gap_right;
        // A dash must stand clear of the digits' boxes, of one by a margin (pieces of a ruled line
        // crossing the digits reach both, and do not split numbers; blurred tight type brings a hyphen's
        // box up to one neighbour's), and sit about halfway up: a bar near the top is a broken 5's or
        // 7's. Blur thickens a short one: a hyphen of small bold type is 9 x 5 px, half again as long as
        // thick.
        const double margin = std::max(1.0, 0.03 * height);
        const double clear_left = m.x - gap_left;
        const double clear_right = gap_right - (m.x + m.width);
        const bool clear =
            std::min(clear_left, clear_right) >= 0 && std::max(clear_left, clear_right) >= margin;
        // ... and be drawn with a pen like theirs: a line far thinner is a piece of a ruled line.
        const bool pen = m.height >= kThinDash * std::min(previous.stroke, next.stroke);
        const bool dash = clear && pen && m.height <= 0.3 * height && m.width >= 0.2 * height &&
                          m.width <= 1.2 * height && 2 * m.width >= 3 * m.height && relative_y >= 0.35 &&
                          relative_y <= 0.75;
        if (dot || dash) return true;
    }
    return false;
}

bool NumberReader::tightBeside(const cv::Rect& d, const cv::Rect& m) {
    if (m.height < 0.5 * d.height || m.height > 1.5 * d.height) return false;  // not glyph-sized
    const int overlap_y = std::min(d.y + d.height, m.y + m.height) - std::max(d.y, m.y);
    if (overlap_y < 0.5 * std::min(d.height, m.height)) return false;  // not on the digit's line
    return std::max(m.x - (d.x + d.width), d.x - (m.x + m.width)) <= 0.3 * d.height;
}

std::vector<std::vector<Digit>> NumberReader::splitDate(std::vector<Digit> number,
                                                        std::vector<Digit>* slashes) {
    // Day, month and year in the orders in use: d/m/y and m/d/y (parts of 1-2, 1-2 and 2 or 4 digits),
    // y/m/d (4, 1-2, 1-2). Zero-padded parts and four-digit years are likelier; the best reading wins.
    int best_score = -1;
    std::size_t best_p = 0;
    std::size_t best_q = 0;
    const std::size_t n = number.size();
    for (std::size_t p = 1; p + 1 < n; ++p) {
        if (!number[p].slash_shaped) continue;
        for (std::size_t q = p + 2; q + 1 < n; ++q) {
            if (!number[q].slash_shaped) continue;
            const std::size_t la = p;
            const std::size_t lb = q - p - 1;
            const std::size_t lc = n - q - 1;
            if (la > 4 || lb > 2 || lc > 4) continue;
            const int a = value(number, 0, p);
            const int b = value(number, p + 1, q);
            const int c = value(number, q + 1, n);
            const bool day_month = la <= 2 && lb <= 2 && (lc == 2 || lc == 4) && a >= 1 && b >= 1 &&
                                   a <= 31 && b <= 31 && std::min(a, b) <= 12;
            const bool year_first = la == 4 && lb <= 2 && lc <= 2 && b >= 1 && b <= 12 && c >= 1 && c <= 31;
            if (!day_month && !year_first) continue;
            const int score = (la == 2 || la == 4) + (lb == 2) + (lc == 2 || lc == 4) + (lc == 4 || la == 4);
            if (score > best_score) {
                best_score = score;
                best_p = p;
                best_q = q;
            }
        }
    }
    if (best_score < 0) return {std::move(number)};
    if (slashes) {
        slashes->push_back(number[best_p]);
        slashes->push_back(number[best_q]);
    }
    return {std::vector<Digit>(number.begin(), number.begin() + static_cast<long>(best_p)),
            std::vector<Digit>(number.begin() + static_cast<long>(best_p) + 1,
                               number.begin() + static_cast<long>(best_q)),
            std::vector<Digit>(number.begin() + static_cast<long>(best_q) + 1, number.end())};
}

std::vector<std::vector<Digit>> NumberReader::splitAtSpaces(std::vector<Digit> number) {
    // With two digits there is no usual gap to measure a space against.
    if (number.size() < 3) return {std::move(number)};
    std::vector<double> gaps;
    double height = 0;
    for (std::size_t k = 0; k < number.size(); ++k) {
        height += number[k].box.height;
        if (k > 0) gaps.push_back(gapBetween(number[k - 1], number[k]));
    }
    height /= static_cast<double>(number.size());
    std::vector<std::vector<Digit>> out{{number.front()}};
    for (std::size_t k = 1; k < number.size(); ++k) {
        std::vector<double> others;
        for (std::size_t j = 0; j < gaps.size(); ++j) {
            if (j != k - 1) others.push_back(gaps[j]);
        }
        std::nth_element(others.begin(), others.begin() + static_cast<long>(others.size() / 2), others.end());
        const double usual = std::max(0.0, others[others.size() / 2]);
        const double gap = gaps[k - 1];
        if (gap >= usual + kSpace * height && gap >= kSpaceRatio * usual) out.emplace_back();
        out.back().push_back(number[k]);
    }
    return out;
}

std::vector<std::vector<Digit>> NumberReader::mendDates(std::vector<std::vector<Digit>> groups) const {
    // A date set tight loses a separator to the digit beside it (a dot merged with a 2's foot):
    // "22" "042029" and "2110" "2025" are two numbers where the reader sees three. When two numbers
    // side by side on a line, split by a mark, would be a day, a month and a year if one of them were
    // cut (1-31 and 1-12 in either order and a year of 19xx or 20xx, or a year first), it is cut.
    auto year = [](int v) { return v >= 1900 && v <= 2099; };
    auto dayMonth = [](int a, int b) {
        return a >= 1 && b >= 1 && a <= 31 && b <= 31 && std::min(a, b) <= 12;
    };
    auto cut = [](const std::vector<Digit>& d, std::size_t at) {
        return std::vector<std::vector<Digit>>{
            std::vector<Digit>(d.begin(), d.begin() + static_cast<long>(at)),
            std::vector<Digit>(d.begin() + static_cast<long>(at), d.end())};
    };
    std::vector<std::vector<Digit>> out;
    std::vector<bool> done(groups.size(), false);
    for (std::size_t i = 0; i < groups.size(); ++i) {
        for (std::size_t j = 0; j < groups.size() && !done[i]; ++j) {
            if (j == i || done[j] || !follows(groups[i].back(), groups[j].front())) continue;
            const std::vector<Digit>& first = groups[i];
            const std::vector<Digit>& second = groups[j];
            const std::size_t a = first.size();
            const std::size_t b = second.size();
            std::vector<std::vector<Digit>> parts;
            if (a == 2 && b == 6 && dayMonth(value(first, 0, 2), value(second, 0, 2)) &&
                year(value(second, 2, 6))) {
                parts = cut(second, 2);  // dd mmyyyy
                parts.insert(parts.begin(), first);
            } else if (a == 4 && b == 4 && dayMonth(value(first, 0, 2), value(first, 2, 4)) &&
                       year(value(second, 0, 4))) {
                parts = cut(first, 2);  // ddmm yyyy
                parts.push_back(second);
            } else if (a == 4 && b == 4 && year(value(first, 0, 4)) &&
                       dayMonth(value(second, 2, 4), value(second, 0, 2)) && value(second, 0, 2) <= 12) {
                parts = cut(second, 2);  // yyyy mmdd
                parts.insert(parts.begin(), first);
            }
            if (parts.empty()) continue;
            done[i] = done[j] = true;
            for (auto& part : parts) out.push_back(std::move(part));
        }
    }
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (!done[i]) out.push_back(std::move(groups[i]));
    }
    return out;
}

bool NumberReader::doubtfulOne(const std::vector<Digit>& number, const Digit& one,
                               const std::vector<Digit>& vouchers) const {
    if (one.label != 1) return false;
    // The digits it is judged beside: the rest of its number, or for a lone 1 the digits on its line.
    std::vector<const Digit*> beside;
    for (const Digit& d : number.size() == 1 ? vouchers : number) {
        if (d.box != one.box && (number.size() > 1 || sameLine(d.box, one.box))) beside.push_back(&d);
    }
    if (beside.empty()) return number.size() == 1 && !config_.lone_ones;
    auto median = [&](auto of) {
        std::vector<double> values;
        for (const Digit* d : beside) values.push_back(of(*d));
        std::nth_element(values.begin(), values.begin() + static_cast<long>(values.size() / 2), values.end());
        return values[values.size() / 2];
    };
    const double height = median([](const Digit& d) { return static_cast<double>(d.box.height); });
    // An upright bar thinner than the pen of the digits beside it: the side of a box, broken, unless it is
    // a full-height 1 of another pen.
    const bool other_pen = one.stroke >= std::max(kHairline * one.box.height, kHairlinePx) &&
                           one.box.height >= kFullOne * height;
    if (one.box.width < kBar * one.stroke && !other_pen &&
        one.stroke < kThinOne * median([](const Digit& d) { return d.stroke; })) {
        return true;
    }
    return number.size() > 1 && one.box.height < kShortOne * height;
}

std::vector<std::vector<Digit>> NumberReader::withoutDoubtfulOnes(std::vector<std::vector<Digit>> groups,
                                                                  std::vector<Digit>* left_out) const {
    // What vouches for a lone 1 on its line: any digit but another lone 1 (the two sides of a box,
    // broken, are two lone 1s on one line).
    std::vector<Digit> vouchers;
    for (const auto& g : groups) {
        if (g.size() != 1 || g.front().label != 1) vouchers.insert(vouchers.end(), g.begin(), g.end());
    }
    // All are judged before any goes: leaving one out changes no other's neighbours.
    std::vector<std::vector<bool>> doubtful(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g) {
        for (const Digit& d : groups[g]) doubtful[g].push_back(doubtfulOne(groups[g], d, vouchers));
    }
    std::vector<std::vector<Digit>> kept;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        std::vector<Digit> number;
        for (std::size_t k = 0; k < groups[g].size(); ++k) {
            if (!doubtful[g][k]) {
                number.push_back(groups[g][k]);
            } else if (left_out) {
                left_out->push_back(groups[g][k]);
            }
        }
        if (!number.empty()) kept.push_back(std::move(number));
    }
    return kept;
}

std::vector<Number> NumberReader::read(std::vector<Digit> digits, const std::vector<Mark>& marks,
                                       std::vector<Digit>* left_out, std::vector<Digit>* slashes) const {
    std::sort(digits.begin(), digits.end(), [](const Digit& a, const Digit& b) {
        return a.box.x != b.box.x ? a.box.x < b.box.x : a.box.y < b.box.y;
    });
    // Each digit extends the open number whose last digit it follows most closely.
    std::vector<std::vector<Digit>> groups;
    for (const Digit& digit : digits) {
        std::vector<Digit>* best = nullptr;
        int best_gap = 0;
        for (auto& group : groups) {
            const Digit& last = group.back();
            if (!follows(last, digit) || separated(last, digit, marks)) continue;
            const int gap = std::abs(gapBetween(last, digit)) +
                            static_cast<int>(std::abs(centreY(digit.box) - centreY(last.box)));
            if (!best || gap < best_gap) {
                best = &group;
                best_gap = gap;
            }
        }
        if (best) {
            best->push_back(digit);
        } else {
            groups.push_back({digit});
        }
    }

    std::vector<std::vector<Digit>> parts;
    std::vector<Digit> date_slashes;
    for (auto& group : groups) {
        for (auto& spaced : splitAtSpaces(std::move(group))) {
            for (auto& part : splitDate(std::move(spaced), &date_slashes)) parts.push_back(std::move(part));
        }
    }
    if (left_out) left_out->insert(left_out->end(), date_slashes.begin(), date_slashes.end());
    if (slashes) *slashes = std::move(date_slashes);
    groups = mendDates(std::move(parts));

    groups = withoutDoubtfulOnes(std::move(groups), left_out);

    // A mark with a number of several digits tight against it is a separator; any other is a letter
    // to a lone digit tight beside it.
    // One piece of ink read as two touching digits is as lone as one digit: a letter split (the R of
    // a plate's "NRF" read as 1 and 2).
    auto oneInk = [](const std::vector<Digit>& g) {
        return g.size() == 1 || std::all_of(g.begin(), g.end(), [&](const Digit& d) {
                   return d.split_from >= 0 && d.split_from == g.front().split_from;
               });
    };
    std::vector<bool> separator(marks.size(), false);
    for (std::size_t m = 0; m < marks.size(); ++m) {
        for (const auto& g : groups) {
            if (oneInk(g)) continue;
            separator[m] = separator[m] || std::any_of(g.begin(), g.end(), [&](const Digit& d) {
                               return tightBeside(d.box, marks[m].box);
                           });
        }
    }
    auto inAWord = [&](const Digit& digit) {
        if (config_.digits_in_words) return false;
        for (std::size_t m = 0; m < marks.size(); ++m) {
            if (!separator[m] && marks[m].light_on_dark == digit.light_on_dark &&
                tightBeside(digit.box, marks[m].box)) {
                return true;
            }
        }
        return false;
    };
    std::vector<bool> in_a_word(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g)
        in_a_word[g] = oneInk(groups[g]) && std::any_of(groups[g].begin(), groups[g].end(), inAWord);
    std::vector<Number> numbers;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        auto& group = groups[g];
        if (in_a_word[g]) {
            if (left_out) left_out->insert(left_out->end(), group.begin(), group.end());
            continue;
        }
        if (static_cast<int>(group.size()) < config_.min_digits) continue;
        Number number;
        number.box = group.front().box;
        number.conf = 1.f;
        for (const Digit& d : group) {
            number.text += static_cast<char>('0' + d.label);
            number.box |= d.box;
            number.conf *= d.conf;
        }
        number.digits = std::move(group);
        numbers.push_back(std::move(number));
    }

    sortInReadingOrder(numbers);
    return numbers;
}

void sortInReadingOrder(std::vector<Number>& numbers) {
    // A page held at a slant tilts all its lines alike: measured across the page, a line's right end
    // may stand higher than the line below's left end. So lines are told apart by height above the
    // page's tilt through the frame's left edge, not by height in the frame.
    const double tilt = pageTilt(numbers);
    const auto level = [tilt](const Number& n) { return centreY(n.box) - tilt * centreX(n.box); };
    std::vector<double> levels(numbers.size());
    std::vector<std::size_t> order(numbers.size());
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        levels[i] = level(numbers[i]);
        order[i] = i;
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return levels[a] < levels[b]; });
    // Numbers whose levels lie within half a line's height share a line; lines go top to bottom.
    std::size_t line_start = 0;
    for (std::size_t i = 0; i <= order.size(); ++i) {
        const bool new_line =
            i == order.size() ||
            (i > line_start &&
             levels[order[i]] > levels[order[line_start]] + lineHeight(numbers[order[line_start]]) / 2.0);
        if (!new_line) continue;
        std::sort(order.begin() + line_start, order.begin() + i,
                  [&](std::size_t a, std::size_t b) { return numbers[a].box.x < numbers[b].box.x; });
        line_start = i;
    }
    std::vector<Number> sorted;
    sorted.reserve(numbers.size());
    for (const std::size_t i : order) sorted.push_back(std::move(numbers[i]));
    numbers = std::move(sorted);
}

}  // namespace digitcam
