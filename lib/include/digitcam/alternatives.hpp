// Other readings of what the segmenter found, for the classifier to judge in the same batch as the
// regions themselves: two touching digits are one region, cut it in two; a digit broken into pieces
// (the floating bar of a 5, a 4 in two strokes) is two, join them.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "digitcam/classifier.hpp"
#include "digitcam/types.hpp"

namespace digitcam {

// A region wide enough to hold two digits (width at least min_aspect_to_split x height) cut into
// touching digits, in the ways the classifier chooses from: in two straight down the column where its
// ink is thinnest in the middle 30 % of its width, straight down the column there where the ink spans
// the fewest rows (where round digits meet: "00"), along the seam through the middle half that crosses
// the least ink (slanted handwriting), along the seams that cut a piece as slim as a 1 off either
// side (a 1 touching the digit beside it), and straight down either side of a stroke near the middle that
// runs the region's height with a digit's part on both sides (two digits sharing it: "99" written tight,
// the first 9's stem the second's left side; regions 24 px high or more); in three (at least 1.15 times as
// wide as tall, or 1.5 x min_aspect_to_split if less), in four (2 x min_aspect_to_split) and in five
// (2.5 x, kMostTouching) along the seams, and down the columns of fewest rows, around each third, quarter
// and fifth. Each split is its pieces left to right, each cropped to its ink and spanning at least 70 % of
// the region's height. Empty when the region is narrower or no cut works.
std::vector<std::vector<Region>> splitTouching(const Region& region, double min_aspect_to_split);

// How far boxes a and b overlap in x; negative: the gap between them.
int overlapX(const cv::Rect& a, const cv::Rect& b);

// In how many places apart the two pieces of a cut in two touch: runs of rows where ink of `left` lies
// just left of ink of `right`, runs less than a sixth of their height apart counting as one. A 1
// touches the digit beside it once, or twice where it runs into it (a 2's hook and foot); a letter's
// stem touches its three arms (E) or its bowls and their join (B) three times.
int contactsAlongCut(const Region& left, const Region& right);

// The ink that lies right of one cut and left of another, given the pieces those two cuts of the same
// ink (two splits in two of what `whole` bounds) leave there: the middle digit of three touching ones
// where no cut around the thirds falls between them (a slim 1 at an end: "44|1" of "441"). Cropped to its
// ink; none when it spans less than 70 % of the height of `whole`, or is narrower than a slim 1 is wide (a
// sliver two cuts near each other leave), or a piece lies outside `whole`.
std::optional<Region> inkBetweenCuts(const cv::Rect& whole, const Region& right_of_first,
                                     const Region& left_of_second);

// A region at least min_aspect and under max_aspect times as wide as tall cut along the seams that cut a
// piece as slim as a 1 off either side: a 1 touching a narrow digit ("81", "16"), which splitTouching
// leaves whole. Only where the seam crosses ink in one stretch, at most 30 % of the height long: a 1
// touches its neighbour once, while a letter's stem joins its bowls (B, D, P), and a 0's side its top
// and foot, twice or more. Each split is its two pieces left to right, as in splitTouching.
std::vector<std::vector<Region>> cutOffOne(const Region& region, double min_aspect, double max_aspect);

// A region cut where its ink is lighter: thresholded again at the level halfway between its ink and its
// paper (Otsu's, over its box in `gray`), its glyph-tall pieces (at least 70 % of its height) left to
// right; empty unless two to ten, or when it leaves out ink at least 0.4 of the region's height beyond
// them at either end (a glyph that came apart at that level). Small type blurred together, whose gaps
// the adaptive threshold (against a mean pulled down by the type itself) counts as ink, comes apart.
std::vector<Region> splitByContrast(const Region& region, const cv::Mat& gray);

// Two pieces of ink of one polarity that a reader would see as one digit: one above the other,
// overlapping in x by at least `min_overlap` of the narrower one, with a gap of at most a quarter of the
// joined height, and the joined box no wider than a digit may be (max_aspect x its height: the halves of a
// wide 3 are each wider still). The joined region's ink is every ink pixel of `mask` inside the joined
// box, with the strokes the gap cut bridged across it (a column inked just above the gap and just below).
std::optional<Region> joinStacked(const cv::Rect& a, const cv::Rect& b, bool light_on_dark,
                                  const cv::Mat& mask, double max_aspect, double min_overlap = 0.5);

// A digit and a flat piece of ink beside its upper half, a reader would see as one digit: the bar of a
// 5 (or a 7) that the pen or the threshold set apart from the rest, to its side rather than above it
// (joinStacked). The bar is at most kBarHeight of the digit's height tall and at least as wide as tall,
// its bottom above the digit's middle and its top at most kBarAbove of the digit's height above the
// digit; the boxes overlap in x by less than `min_overlap` of the narrower (else they are stacked) and
// are at most kBarGap of the digit's height apart; the joined box is no wider than max_aspect x its
// height. The joined region's ink is every ink pixel of `mask` inside the joined box.
inline constexpr double kBarHeight = 0.45;
inline constexpr double kBarAbove = 0.35;
inline constexpr double kBarGap = 0.15;
std::optional<Region> joinBar(const cv::Rect& digit, const cv::Rect& bar, bool light_on_dark,
                              const cv::Mat& mask, double max_aspect, double min_overlap);

// Two pieces of ink side by side, each nearly as tall as both, that a reader would see as one digit: the
// two halves of a 0 written in two strokes that do not meet ("( )"). They overlap in x by less than
// `min_overlap` of the narrower (else they are stacked), are at most kHalvesGap of their height apart,
// each at least kHalfHeight of it tall, and together no wider than tall. The joined region's ink is every
// ink pixel of `mask` inside the joined box.
inline constexpr double kHalvesGap = 0.1;
inline constexpr double kHalfHeight = 0.8;
std::optional<Region> joinHalves(const cv::Rect& left, const cv::Rect& right, bool light_on_dark,
                                 const cv::Mat& mask, double min_overlap);

// Three pieces of ink of one polarity that a reader would see as one digit: a faint or thin digit broken
// in three (an 8 whose crossing strokes the threshold lost: a hook, a slanted stroke and the upper loop),
// one of them at most kBarGap of the joined height from each of the others (apart in x and in y): in a
// row, or two side by side over a third (a 4 whose arm and stem tips a ruled line cut off), the
// shortest under kFragmentPiece of the joined height (three full-height pieces are three digits), each
// at least kSpeckPiece of it long (a speck beside a digit is no piece of it), and the joined box no wider
// than max_aspect x its height. `boxes` are left to right. The joined region's ink is every ink pixel of
// `mask` inside the joined box.
inline constexpr double kFragmentPiece = 0.6;
inline constexpr double kSpeckPiece = 0.15;
std::optional<Region> joinThree(const std::array<cv::Rect, 3>& boxes, bool light_on_dark, const cv::Mat& mask,
                                double max_aspect);

// The mean width of the strokes of `ink` (255 on 0): twice its area over its outline's length (pixels of
// ink beside paper), about right for strokes a few pixels wide or more; 0 for no ink.
double strokeWidth(const cv::Mat& ink);

// A dot the threshold joined to the foot of the digit before it (blurred tight type: the dots of
// "12.12.2001", a decimal point): the columns at the region's right whose ink lies all in the bottom
// kDotBand of its height, up to a neck where the ink is at most half as tall as the dot. The dot is about
// as wide as tall, kMinDot to kDotBand of the region's height, sits on its baseline, and is a pen's dab:
// taller than the digit's strokes are wide by kDotStroke (a 1's foot pinched by noise is no taller than
// the foot); the digit keeps at least as much width as the dot. The neck is blur between two inks, paler
// in `gray` than kPaleNeck of the way from the ground to the ink's mean grey (a stroke of the digit that
// thins and thickens is as dark as the rest of it). Its box in the frame, or none (none too for a region
// of unknown contrast). A digit's own foot (a 2's, a 1's serif) runs as thick as its stroke to its end,
// with no neck.
inline constexpr double kDotBand = 0.3;
inline constexpr double kMinDot = 0.08;
inline constexpr double kDotStroke = 1.3;
// Or, where no column is a neck (the dot joined to the side of a slanted stroke running down to its
// foot), the ink darker than kPaleNeck of the way to the ink's grey comes apart at the dot, which then need
// only be kPaleDotStroke of the strokes' width tall.
inline constexpr double kPaleNeck = 0.6;
inline constexpr double kPaleDotStroke = 0.75;
std::optional<cv::Rect> dotAfter(const Region& region, const cv::Mat& gray);
// The same, mirrored: a dot the threshold joined to the foot of the digit after it, at the region's left
// (italic type, whose digits lean over the dot before them; a 1's serif foot reaching under it).
std::optional<cv::Rect> dotBefore(const Region& region, const cv::Mat& gray);

// A region under this share of a large digit's height is no piece of its outline when it reads as a sure
// digit other than a 1 beside a few more such: small type.
inline constexpr double kFarShorter = 0.25;

// Another reading of some regions, classified in the same batch as the regions themselves.
struct Alternative {
    bool split = false;              // else a join
    std::vector<int> regions;        // the regions it replaces (a split: one; a join: none to three)
    std::vector<std::size_t> crops;  // its pieces' positions in the batch (a split: two to five; a join: one)
    bool fragment = false;           // a join with a piece too small to be a digit of its own
    bool beside = false;             // a join of pieces side by side (joinBar, joinHalves)
    bool fits_line = false;          // a join as tall as a digit beside it, of pieces far shorter; or a
                                     // large one of two pieces one above the other (an 8's loops)
    bool dot = false;                // a join with a mark the size of a dot at the region's foot
    bool large = false;              // a large digit found whole one scale down, of the pieces of its outline
    int found_whole = -1;            // of a large one: the region that covers it at full resolution too
    std::vector<int> far_shorter{};  // of a large one: the regions it holds under kFarShorter of its height
    bool three = false;              // a join of three pieces (joinThree): surer than each unless fits_line
    bool one_off = false;            // a split of a narrow region (cutOffOne): one piece must be a 1
    int contacts = 0;  // of a split in two: in how many places its pieces touch (contactsAlongCut)
    // Of a split: the two regions set tight against it on its line to its left, and to its right, nearest
    // first (-1 where none is).
    std::array<int, 4> flanks{-1, -1, -1, -1};
};

// The alternatives that replace their regions, given the classifier's answers for the whole batch
// (regions first, at the positions `Alternative::regions` names): the surest first, a region replaced
// once at most, but a large digit found one scale down (`large`) before all others, and then joins as
// tall as their line (`fits_line`): a digit whole explains more than a surer reading of one of its
// pieces with a speck beside it. An alternative wins when
// each of its pieces is a digit (not "not a digit", at least min_confidence) the classifier is surer of than
// of any region it replaces, except that:
// - a join that takes in ink which alone is no digit (a mark, a fragment, a region not reported), or
//   whose pieces would be two digits stacked within a line of taller ones (an 8 in two loops), explains
//   more of the page, and need only be read as a digit; so does a join with a mark alone, but not a
//   large digit in place of a single sure one (a digit and a box's side run together one scale down) or
//   of three sure ones or more other than 1s, far shorter than it (`far_shorter`: a line of small type
//   under a shadow's edge, which one scale down is ink),
//   nor pieces side by side (`beside`: a sure 6 with a dash after it is no 5, a sure 7 after a 1 no 0),
//   nor three pieces (`three`: three in a row are more often digits and marks than one digit's pieces),
//   unless one above the other as tall as a digit beside them (`fits_line`: the dashes of a faint 1);
// - a join with a dot at a sure digit's foot that reads as the same digit is never chosen: the dot adds
//   nothing to it, and is the decimal point after it (`dot`);
// - a large digit found whole at full resolution too (`found_whole`) is a reading again, chosen only
//   when that region is no sure digit (a bold 4 whose outline reads unsure);
// - a split of a region the classifier calls "not a digit" needs pieces surer than that (a letter);
// - a split with two 1s side by side is a letter's strokes (a V, a W, an n, a K, or the N of a caption's
//   "SN" run together and cut into a 5 and two 1s), never chosen, unless the region is
//   no digit and stands tight between two sure digits on each side on its line (`flanks`): touching 1s
//   of tight type inside a number ("94|11|47"; a plate's letter has one letter or none between it and the
//   plate's side, and a letter beside it may read as a sure digit); a cut with another digit besides, when
//   a sure digit stands tight against the region on either side (fine print's "114|112", where the caption
//   "SN" cut into 5, 1, 1 stands a space before its number);
// - a 1 cut off a narrow region (`one_off`) is chosen only when one of its two pieces reads as a 1;
// - a cut in two with a 1 among its pieces that touch in three places apart or more (`contacts`) is a
//   letter's stem cut off its arms or bowls (a plate's E read "13", a B), never chosen;
// - a cut of a region that is no digit, with a sure digit tight on each side on its line (`flanks`: inside
//   a number), needs only one sure piece, the others read at min_confidence_unsure (touching handwritten
//   5s, the first of which reads 0.69 cut off): the caller reports those beside a sure one, as it does
//   unsure regions;
// - a join of regions none of which is a sure digit need only be read at min_confidence_unsure, and
//   surer than each region's own reading: an unsure digit (a faint 9 whose loop broke off), which the
//   caller reports only beside a sure one.
std::vector<std::size_t> chooseAlternatives(const std::vector<Alternative>& alternatives,
                                            const std::vector<Prediction>& predictions, float min_confidence,
                                            float min_confidence_unsure = 1.f);

// Flags in `settled` (one flag per crop in the batch) the pieces of cuts that cannot win whatever a
// second look at `second_look` makes of them, so that it need not read them: each piece of a cut must
// come out surer than the region it would replace (chooseAlternatives), and a second look makes a
// reading at most surestAfterSecondLook(conf) sure. Only where the region's own reading is final (no
// second look for it). On the demo clip that is every crop the second look would read.
void settleHopelessPieces(const std::vector<Alternative>& alternatives,
                          const std::vector<Prediction>& predictions, float min_confidence, float second_look,
                          std::vector<bool>& settled);

// Keeps the alternatives whose pieces fit `budget` (each piece counted once), so that a cluttered frame (a
// page of text, a textured surface: hundreds of regions, each with dozens of cuts and joins) costs a
// bounded time to read. Every region gets its share: the large digits found one scale down first, then
// one alternative of each region in turn (in the order given: cuts in two, in more, then joins), and so on
// while pieces fit. Alternatives keep their order; `pieces` keeps only those the kept ones use, and their
// crops are renumbered to match (crops below `regions` are the regions, left as they are). Returns how many
// pieces were left out.
std::size_t trimAlternatives(std::vector<Alternative>& alternatives, std::vector<Region>& pieces,
                             std::size_t regions, std::size_t budget);

}  // namespace digitcam
