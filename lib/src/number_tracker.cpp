#include "digitcam/number_tracker.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include <opencv2/imgproc.hpp>

#include "digitcam/number_reader.hpp"  // sortInReadingOrder
#include "digitcam/scene_eval.hpp"     // iou

namespace digitcam {
namespace {

// A number's box overlaps its box of the frame before by more than this (IoU): a camera drifts a few
// pixels a frame, and a number read short by a digit still overlaps its whole self by more.
constexpr double kSameNumber = 0.5;
// A number lies inside a substituted one when this share of its box does: a piece of it read apart.
constexpr double kPieceOf = 0.5;
// A number read in pieces in some frames and whole in others ("91" "3" for 91693): a piece whose box lies
// this much inside the whole's, and as tall within kPieceHeight, is read at the whole's place, however
// small a part of it (its IoU under kSameNumber).
constexpr double kPartInside = 0.8;
constexpr double kPieceHeight = 0.8;
// A number shown in a frame that did not read it was read at least this surely (its confidence: the chance
// all its digits are right): a plate's letters read as digits, now and then, are not.
constexpr float kHeldConf = 0.7f;
// The thumbnail a cut is told by: small enough that sensor noise and a few pixels of drift average out.
const cv::Size kThumbnail{32, 18};

double median(std::vector<double>& values) {
    if (values.empty()) return 0.0;
    const auto middle = values.begin() + static_cast<long>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

cv::Point2d centre(const cv::Rect& box) {
    return {box.x + box.width / 2.0, box.y + box.height / 2.0};
}

// How far the picture moved from an earlier reading of a number to this one: the median shift of the
// digits they share (each of this one's digits against the nearest of the same label in the other,
// less than a digit's height away). Zero when they share none.
cv::Point2d shiftSince(const Number& earlier, const Number& now) {
    std::vector<double> dx;
    std::vector<double> dy;
    for (const Digit& d : now.digits) {
        const Digit* nearest = nullptr;
        double best = d.box.height;
        for (const Digit& e : earlier.digits) {
            const double distance = cv::norm(centre(d.box) - centre(e.box));
            if (e.label == d.label && distance < best) {
                best = distance;
                nearest = &e;
            }
        }
        if (nearest == nullptr) continue;
        dx.push_back(centre(d.box).x - centre(nearest->box).x);
        dy.push_back(centre(d.box).y - centre(nearest->box).y);
    }
    return {median(dx), median(dy)};
}

// Whether the smaller of two numbers' boxes is a part of the larger: on its line and within it.
bool partOf(const cv::Rect& a, const cv::Rect& b) {
    const cv::Rect& part = a.area() < b.area() ? a : b;
    const cv::Rect& whole = a.area() < b.area() ? b : a;
    return part.height >= kPieceHeight * whole.height && (part & whole).area() >= kPartInside * part.area();
}

// Whether `part` is the smaller and a part of `whole`.
bool isPiece(const cv::Rect& part, const cv::Rect& whole) {
    return part.area() < whole.area() && partOf(part, whole);
}

// The reading most often read on a track (the latest of those, on a tie with the latest).
template <typename Readings>
const auto& mostRead(const Readings& readings) {
    std::map<std::string, int> votes;
    for (const auto& r : readings) ++votes[r.number.text];
    const auto* best = &readings.back();
    for (auto r = readings.rbegin(); r != readings.rend(); ++r) {
        if (votes[r->number.text] > votes[best->number.text]) best = &*r;
    }
    return *best;
}

void moveBy(Number& number, const cv::Point2d& shift) {
    const cv::Point by(cvRound(shift.x), cvRound(shift.y));
    number.box += by;
    for (Digit& d : number.digits) d.box += by;
}

}  // namespace

NumberTracker::NumberTracker(const TrackingConfig& config)
    : frames_(config.frames), scene_change_(config.scene_change) {}

void NumberTracker::update(const cv::Mat& image, FrameResult& result) {
    if (frames_ <= 1) return;
    // Sixteen pixels sampled per thumbnail pixel and averaged: a full area average of a 720p frame
    // costs a millisecond, this some 20 µs. Made grey last, on the thumbnail's few pixels.
    cv::Mat sampled;
    cv::Mat small;
    cv::resize(image, sampled, kThumbnail * 4, 0, 0, cv::INTER_NEAREST);
    cv::resize(sampled, small, kThumbnail, 0, 0, cv::INTER_AREA);
    cv::Mat thumbnail = small;
    if (small.channels() > 1) {
        cv::cvtColor(small, thumbnail, small.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    }
    cv::Mat change;
    if (!thumbnail_.empty()) cv::absdiff(thumbnail, thumbnail_, change);
    if (change.empty() || cv::mean(change)[0] > scene_change_) tracks_.clear();
    thumbnail_ = thumbnail;
    const std::int64_t now = result.index;
    std::erase_if(tracks_, [&](const Track& t) { return now - t.readings.back().frame >= frames_; });

    // Each number goes on the track whose last box it overlaps most, the best pairs first; a number that
    // is a part of a track's last reading, or holds it, is read at its place too, after those.
    std::vector<std::tuple<double, std::size_t, std::size_t>> pairs;
    for (std::size_t n = 0; n < result.numbers.size(); ++n) {
        for (std::size_t t = 0; t < tracks_.size(); ++t) {
            const cv::Rect& last = tracks_[t].readings.back().number.box;
            const double overlap = iou(result.numbers[n].box, last);
            if (overlap > kSameNumber || partOf(result.numbers[n].box, last))
                pairs.emplace_back(overlap, n, t);
        }
    }
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a > b; });
    std::vector<std::size_t> track_of(result.numbers.size(), tracks_.size());
    std::vector<bool> track_taken(tracks_.size(), false);
    for (const auto& [overlap, n, t] : pairs) {
        if (track_of[n] != tracks_.size() || track_taken[t]) continue;
        track_of[n] = t;
        track_taken[t] = true;
    }
    const std::size_t old_tracks = tracks_.size();
    for (std::size_t n = 0; n < result.numbers.size(); ++n) {
        if (track_of[n] == old_tracks) {
            track_of[n] = tracks_.size();
            tracks_.emplace_back();
        }
        Track& track = tracks_[track_of[n]];
        track.readings.push_back({now, result.numbers[n]});
        while (now - track.readings.front().frame >= frames_) track.readings.pop_front();
    }

    // A number read in most of the last frames but not in this one (a frame blurred by a jolt, a glint, a
    // misread digit left out) is still there: shown as read most often, at its last place, unless something
    // read this frame stands there. One gone from the picture shows a few frames longer.
    std::vector<Number> held;
    for (std::size_t t = 0; t < old_tracks; ++t) {
        if (track_taken[t]) continue;
        const std::deque<Reading>& readings = tracks_[t].readings;
        const auto recent = std::count_if(readings.begin(), readings.end(),
                                          [&](const Reading& r) { return now - r.frame < frames_; });
        const cv::Rect& last = readings.back().number.box;
        if (2 * recent <= frames_ || std::any_of(result.numbers.begin(), result.numbers.end(),
                                                 [&](const Number& n) { return (n.box & last).area() > 0; }))
            continue;
        const Number& best = mostRead(readings).number;
        if (best.conf < kHeldConf) continue;
        held.push_back(best);
        moveBy(held.back(), shiftSince(held.back(), readings.back().number));
    }
    const auto showHeld = [&] {
        if (held.empty()) return;
        for (Number& number : held) {
            result.digits.insert(result.digits.end(), number.digits.begin(), number.digits.end());
            result.numbers.push_back(std::move(number));
        }
        sortInReadingOrder(result.numbers);
    };

    // The reading of each track most often read.
    std::vector<bool> substituted(result.numbers.size(), false);
    std::vector<Number> pieces;  // shown for numbers read whole this frame that are mostly read in pieces
    for (std::size_t n = 0; n < result.numbers.size(); ++n) {
        const std::deque<Reading>& readings = tracks_[track_of[n]].readings;
        const Number& best = mostRead(readings).number;
        if (best.text == result.numbers[n].text) continue;
        const cv::Point2d shift = shiftSince(best, readings.back().number);
        const cv::Rect whole = result.numbers[n].box;
        result.numbers[n] = best;
        moveBy(result.numbers[n], shift);
        substituted[n] = true;
        // Read as a piece of it ("2024" of a date "01062024" read without its dots this frame): the other
        // pieces, on tracks not read this frame, show their readings at their places too, or they would
        // be lost with the whole.
        if (!isPiece(best.box, whole)) continue;
        for (std::size_t t = 0; t < old_tracks; ++t) {
            if (track_taken[t] || !isPiece(tracks_[t].readings.back().number.box, whole)) continue;
            pieces.push_back(mostRead(tracks_[t].readings).number);
            moveBy(pieces.back(), shift);
        }
    }
    if (std::none_of(substituted.begin(), substituted.end(), [](bool s) { return s; })) {
        showHeld();
        return;
    }

    // Pieces of a substituted number read apart this frame (the 9 of a "1569" read "156" "9") go, and
    // the digits follow their numbers.
    auto pieceOfSubstituted = [&](std::size_t n) {
        const cv::Rect& box = result.numbers[n].box;
        for (std::size_t s = 0; s < result.numbers.size(); ++s) {
            if (substituted[s] && (box & result.numbers[s].box).area() >= kPieceOf * box.area()) return true;
        }
        return false;
    };
    std::vector<cv::Rect> gone;  // the digits of this frame's readings that are not shown
    for (std::size_t n = 0; n < result.numbers.size(); ++n) {
        if (!substituted[n]) continue;
        for (const Digit& d : tracks_[track_of[n]].readings.back().number.digits) gone.push_back(d.box);
    }
    std::vector<Number> numbers;
    for (std::size_t n = 0; n < result.numbers.size(); ++n) {
        if (!substituted[n] && pieceOfSubstituted(n)) {
            for (const Digit& d : result.numbers[n].digits) gone.push_back(d.box);
        } else {
            numbers.push_back(result.numbers[n]);
        }
    }
    std::erase_if(result.digits,
                  [&](const Digit& d) { return std::find(gone.begin(), gone.end(), d.box) != gone.end(); });
    for (std::size_t n = 0; n < result.numbers.size(); ++n) {
        if (!substituted[n]) continue;
        const std::vector<Digit>& shown = result.numbers[n].digits;
        result.digits.insert(result.digits.end(), shown.begin(), shown.end());
    }
    for (Number& piece : pieces) {
        result.digits.insert(result.digits.end(), piece.digits.begin(), piece.digits.end());
        numbers.push_back(std::move(piece));
    }
    result.numbers = std::move(numbers);
    if (!pieces.empty()) sortInReadingOrder(result.numbers);
    showHeld();
}

}  // namespace digitcam
