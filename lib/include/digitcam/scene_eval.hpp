// Scoring what the frame processor read against known truth: the scenes of tools/make_scenes.py
// (COCO JSON with a box and a label per digit, plus each number line's text), for `digits eval-coco`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "digitcam/types.hpp"

namespace digitcam {

struct TruthDigit {
    cv::Rect box;
    int label = -1;
};

struct TruthLine {
    std::string text;
    cv::Rect box;
};

struct SceneTruth {
    std::string file;   // the image's file_name, relative to the images folder
    std::string scene;  // the generator's scene kind, when it says
    std::vector<TruthDigit> digits;
    std::vector<TruthLine> lines;
    int frame = -1;  // for a clip's truth: the frame's index in the clip
};

// Reads COCO annotations (images, categories named "0".."9", annotations with bbox, and the `lines`
// extension). Throws DatasetError (mnist.hpp) naming the file and what is wrong.
std::vector<SceneTruth> readCocoScenes(const std::filesystem::path& annotations);

double iou(const cv::Rect& a, const cv::Rect& b);

// The label a candidate crop boxed `box` earns for training (`digits harvest`): the digit of the truth
// box it matches closely (IoU >= 0.7) when it holds no other digit; kNotADigit where it holds two digits
// (one whose box lies wholly inside it besides the best match: a pair run together, even a slim 1 beside
// a wide 2 that the pair's box matches) or matches none even loosely (IoU < 0.55 with every truth digit:
// a letter, a mark, a piece of a digit); -1 in between, where it is neither clearly.
int cropLabel(const SceneTruth& truth, const cv::Rect& box);

// Where a "not a digit" crop lies against the truth, for `digits harvest`'s CSV: training can then keep
// the crops that are no digit in any context (a letter, a mark, two digits run together, a small piece)
// and leave out the tall pieces of a digit, which look like a digit out of context (a box's side like a
// 1, a loop like a 0). Pair when the crop wholly holds two digits, or one with much else (a fifth of the
// crop or more: a piece of its neighbour, a rule); else by the truth digit holding most of the crop: Away
// when it holds under a fifth of it; a piece when it holds 0.8 of it, ShortPiece under 0.6 of that
// digit's height, TallPiece from it; Other in between.
enum class NegativePlace { Away, Pair, ShortPiece, TallPiece, Other };
NegativePlace negativePlace(const SceneTruth& truth, const cv::Rect& box);
// "away", "pair", "short-piece", "tall-piece", "other": as tools/train.py --scene-negative-places names them.
std::string placeName(NegativePlace place);

struct SceneScore {
    int true_positives = 0;   // reported digits with the right label on a truth box (IoU >= 0.5)
    int false_positives = 0;  // reported digits that match no truth digit
    int false_negatives = 0;  // truth digits nobody reported correctly
    int lines = 0;            // truth number lines
    int lines_exact = 0;      // of them, read with exactly their text, on their box (IoU >= 0.5)
    bool exact = false;       // every line read exactly and no other number reported

    SceneScore& operator+=(const SceneScore& o);
    double precision() const;
    double recall() const;
    double f1() const;
};

// One image: digits matched greedily, most confident first, to the unmatched truth digit of the same
// label with the highest IoU (at least min_iou).
SceneScore scoreScene(const SceneTruth& truth, const FrameResult& result, double min_iou = 0.5);

}  // namespace digitcam
