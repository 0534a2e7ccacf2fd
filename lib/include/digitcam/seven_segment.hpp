// Seven-segment digits (meters, clocks, pumps, scales): each lit segment is a bar of its own, which the
// segmenter finds apart from the others, a horizontal one as a mark (a dash) and a vertical one as a
// region (read as a 1). Where the bars stand in the cell they make names the digit; the classifier,
// trained on pen and print, is not asked.
#pragma once

#include <vector>

#include <opencv2/core.hpp>

namespace digitcam {

// A piece of ink the segmenter found, a region or a mark, with its ink pixels counted.
struct InkPiece {
    cv::Rect box;
    int ink = 0;  // ink pixels inside the box (the mask's, of its polarity)
    bool light_on_dark = false;
};

// A digit read from its lit segments.
struct SegmentDigit {
    cv::Rect box;                // the lit segments' box
    int label = -1;              // 0-9
    bool light_on_dark = false;  // the segments' polarity
    int cell_width = 0;          // the width of the digit's cell: a 1 lights its right side only
    double stroke = 0;           // the segments' thickness, px
    std::vector<int> pieces;     // the indices (into the pieces given) of its segments
};

// Segment positions, as bits of a pattern: a top, b upper right, c lower right, d bottom, e lower left,
// f upper left, g middle.
enum Segment : unsigned {
    kTop = 1,
    kUpperRight = 2,
    kLowerRight = 4,
    kBottom = 8,
    kLowerLeft = 16,
    kUpperLeft = 32,
    kMiddle = 64
};

// Whether a piece with this box may be a bar (readSevenSegments) whatever its ink: long enough and
// longer than wide by the least a bar is. A piece that may not needs no ink counted (InkPiece::ink 0).
bool mayBeABar(const cv::Rect& box);

// The digit a pattern of lit segments shows, -1 for none. The variants displays use are all read: a 6
// without its top, a 7 with its upper left, a 9 without its bottom.
int segmentDigit(unsigned pattern);

// The digits that groups of bars among `pieces` show. A bar is straight ink at least kBarLength times as
// long as it is thick (thickness: its ink over its length), its box at most kBarBox times its thickness
// across (segments of italic displays lean). Bars of one thickness (within kSameThickness) whose boxes
// come within kSegmentGap of it of each other are one digit's segments, when two to seven of them fill
// the slots of a digit: horizontal ones at least half the cell wide at its top, middle or foot; vertical
// ones at most kSegmentSpan of its height long, one in each half on either side (or at least kBothSpan
// long, where the gap between a side's two segments closed up: both); no slot twice. Two
// vertical bars stacked alone are a 1 (widenOnes gives it its cell).
// Pieces of no such group are left to the classifier, as are displays whose segments the camera blurred
// into one another (a digit of one piece).
std::vector<SegmentDigit> readSevenSegments(const std::vector<InkPiece>& pieces);

// The digit one piece of ink (255, cropped to it) shows as lit segments whose gaps closed up, -1 when it
// is not segments. Stood upright first (the shear of up to 0.25 that stacks its ink in the fewest
// columns), it is read when it is at least 20 px high and 0.35 to 0.8 times as wide, and its ink lies in
// the seven bands of its stroke (its median run across the rows only upright segments pass, 0.06 to
// 0.17 of its height) along the sides, top, middle and foot: each band covered along at least 0.8 of
// its length (lit) or at most 0.25 (dark), at most 3 % of the ink between them, the outer edge of each
// lit side straight (wandering by at most a quarter of the stroke, or a pixel), and the lit bands a
// digit's pattern. A digit drawn round (a pen's, most print) is not segments.
int readSegmentInk(const cv::Mat& ink);

// The width of the cells of the seven-segment digits other than 1s on the line of `box`: the median
// width of those of its polarity as tall as it within a quarter and overlapping it by half its height; 0
// when there are fewer than `at_least`.
int cellWidthOnLine(const cv::Rect& box, bool light_on_dark, const std::vector<SegmentDigit>& digits,
                    std::size_t at_least);

// A 1 lights the right side of its cell only: gives each 1 among `digits` the width of its cell, that of
// the other cells of its line (cellWidthOnLine), or half its height when it stands alone.
void widenOnes(std::vector<SegmentDigit>& digits);

// A display's digits stand in cells at one pitch, each digit's right at its cell's (a 1 lights that side
// only). Given the digits read on a display's line (`line`, of one polarity, at least two other than 1s
// among them, their strokes where known), the digits in the cells at that pitch that none of them was read
// from: in gaps a whole number of pitches wide, and past either end as long as cells show digits. A cell's
// ink (in `mask`, the pieces whose middles lie in it) shows a digit when it stands about as tall as the
// line, its right at the cell's, and reads as segments (readSegmentInk) or is a bare bar (a 1). What it
// finds: segments that ran together only in part, some pieces marks, some no digit.
std::vector<SegmentDigit> readCells(std::vector<SegmentDigit> line, const cv::Mat& mask);

}  // namespace digitcam
