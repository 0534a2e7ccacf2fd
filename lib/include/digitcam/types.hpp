// Plain data that flows between the pipeline's stages.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace digitcam {

using Clock = std::chrono::steady_clock;

// One decoded image from a source, stamped where it was captured so latency is measured, not guessed.
struct Frame {
    cv::Mat image;               // BGR, 8-bit
    std::int64_t index = 0;      // 0-based position in the source
    double time_ms = 0.0;        // position in the source (video) or time since capture began (live)
    Clock::time_point captured;  // when the capture thread got it
    std::string source;          // the source's name; for a folder, the image's path
};

// The most touching digits one region is taken to hold (and cut into).
constexpr int kMostTouching = 5;

// A region the segmenter thinks may be a digit: its box and its own ink (255) cropped to the box.
struct Region {
    cv::Rect box;
    cv::Mat ink;                 // CV_8U, box.size(); only this region's pixels, never a neighbour's
    bool light_on_dark = false;  // light ink on a darker ground (plates, screens)
    float contrast = 0.f;        // how much the ink stands out from the ground around its box (grey levels)
    bool touching_only = false;  // too wide for one digit: touching ones, or one the classifier is sure of
};

// A region prepared for the classifier.
struct Candidate {
    cv::Rect box;
    cv::Mat input;  // CV_8U 28x28, ink = 255, as the network was trained
};

struct Digit {
    cv::Rect box;
    int label = -1;
    float conf = 0.f;
    bool light_on_dark = false;  // found as light ink on a darker ground
    bool slash_shaped = false;   // a 1 whose ink is one straight stroke leaning over, as a printed "/" is
    int split_from = -1;         // the pieces of one region read as touching digits share this id
    double stroke = 0;           // the mean width of its strokes, px (a box's side is thinner than the pen)
    float contrast = 0.f;        // its region's (Region::contrast); 0 where unknown (a join's)
    int lead = 0;                // room at its left that is its own, px: a seven-segment 1 lights the right
                                 // side of its cell only
    int widest_row = 0;          // of a 1's ink, px (a bar leaning over is a stroke wide in every row,
                                 // however wide its box); 0 where unknown
};

// Ink that is not a digit: a dot, comma, dash or slash too small to be a candidate, or a candidate the
// classifier called "not a digit" (a letter, a currency sign). Between two digits it ends a number.
struct Mark {
    cv::Rect box;
    bool light_on_dark = false;
    float contrast = 0.f;  // as Region::contrast; 0 where unknown (not measured for ink of a digit's height)
};

// Digits that a reader would read as one number, in reading order.
struct Number {
    std::string text;
    cv::Rect box;
    float conf = 0.f;  // product of the digits' confidences: the chance all of them are right
    std::vector<Digit> digits;
};

// What became of a piece of ink the segmenter looked at: shown by `cam --debug` to make tuning the
// config quick.
enum class Verdict {
    Digit,      // reported
    NotADigit,  // the classifier's "not a digit"
    Unsure,     // a digit below classifier.min_confidence
    Mark,       // too small or of the wrong shape for a digit (size, aspect): a dot, a dash, a rule
    Ground,     // not ink: too little or too much fill, a halo of ground or the hole of a 0
    Split,      // read as two touching digits (which are reported)
    Joined,     // a piece of a broken digit (which is reported whole)
};

struct Traced {
    cv::Rect box;
    Verdict verdict = Verdict::Digit;
    int label = -1;  // the classifier's best class, for Digit, NotADigit and Unsure
    float conf = 0.f;
};

struct FrameResult {
    std::int64_t index = 0;
    double time_ms = 0.0;
    std::string source;
    cv::Size size;
    int candidates = 0;       // regions that passed the segmenter's filters
    int not_digits = 0;       // candidates the classifier called "not a digit"
    int pieces_left_out = 0;  // pieces of cuts and joins not classified: over segmentation.max_pieces
    std::vector<Digit> digits;
    std::vector<Number> numbers;
    double latency_ms = 0.0;    // capture to result
    std::vector<Traced> trace;  // every region and mark, only when tracing (cam --debug)
};

}  // namespace digitcam
