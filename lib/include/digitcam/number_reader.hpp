// Groups digits into the numbers a person would read: digits on one text line, left to right, split
// where the gap is wider than config.max_gap digit heights, is a space between words, or holds a mark
// (a dot, a dash, a letter).
#pragma once

#include <vector>

#include "digitcam/config.hpp"
#include "digitcam/types.hpp"

namespace digitcam {

// Whether ink (255 on 0, cropped to its box) is one straight stroke, however bold, leaning right by at least
// a tenth of its height over its height: a printed slash, which the classifier reads as a 1. Some
// handwritten 1s lean so too, so this alone decides nothing (NumberReader reads dates with it).
bool slashShaped(const cv::Mat& ink);

class NumberReader {
  public:
    explicit NumberReader(ReadingConfig config);

    // Numbers in reading order: text lines top to bottom, each left to right. A mark of the digits'
    // polarity in the gap between two digits splits them when a reader would take it for a separator
    // (a dot on the baseline, a dash halfway up as thick as half their strokes or more, a letter or
    // sign), and so does a gap wider than the number's
    // other gaps by half a digit's height and at least twice as wide as they usually are (a space
    // between words: the letters of a plate, misread as digits, and its number).
    // A digit alone, set tight against a letter (the l of "Tel" and the k of "kWh", misread), is part of
    // a word, not a number, unless config.digits_in_words. A letter is glyph-sized ink the classifier
    // called "not a digit" (a mark) with no number of several digits tight against it: there it is a
    // separator ("123/4").
    // A 1, a bare stroke, is doubtful and left out when it is much shorter than the other digits of its
    // number, or (unless config.lone_ones) when no other digit but lone 1s shares its text line, or
    // when it is a straight upright bar far thinner than the strokes of the digits beside it (in its
    // number, or on its line when it is alone): the side of a box, broken.
    // A date read as one number because its slashes were read as 1s ("28109112020") is three numbers
    // when both those 1s are slash-shaped and the parts make a date (day, month, year in some order);
    // so is one read as two numbers because a separator was lost to a digit beside it ("22" "042029",
    // "2110" "2025", side by side on a line and split by the other separator).
    // Digits left out (of words, doubtful 1s, a date's slashes) go to `left_out` when given, and the
    // date's slashes among them to `slashes` as well.
    std::vector<Number> read(std::vector<Digit> digits, const std::vector<Mark>& marks = {},
                             std::vector<Digit>* left_out = nullptr,
                             std::vector<Digit>* slashes = nullptr) const;

    // Whether `next` may follow `previous` in one number: of one ink (polarity), on one text line, of
    // about one height, the gap between them no wider than config.max_gap digit heights.
    bool follows(const Digit& previous, const Digit& next) const;

  private:
    bool sameLine(const cv::Rect& a, const cv::Rect& b) const;
    static std::vector<std::vector<Digit>> splitAtSpaces(std::vector<Digit> number);
    std::vector<std::vector<Digit>> mendDates(std::vector<std::vector<Digit>> groups) const;
    static std::vector<std::vector<Digit>> splitDate(std::vector<Digit> number, std::vector<Digit>* slashes);
    std::vector<std::vector<Digit>> withoutDoubtfulOnes(std::vector<std::vector<Digit>> groups,
                                                        std::vector<Digit>* left_out) const;
    bool doubtfulOne(const std::vector<Digit>& number, const Digit& one,
                     const std::vector<Digit>& vouchers) const;
    static bool separated(const Digit& previous, const Digit& next, const std::vector<Mark>& marks);
    static bool tightBeside(const cv::Rect& digit, const cv::Rect& mark);

    ReadingConfig config_;
};

// Puts numbers in reading order: numbers whose centres lie within half a line's height of each other,
// measured across the page's tilt (that of its numbers' digits), share a line, left to right; lines go
// top to bottom.
void sortInReadingOrder(std::vector<Number>& numbers);

}  // namespace digitcam
