#include "digitcam/scene_eval.hpp"

#include <algorithm>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "digitcam/classifier.hpp"
#include "digitcam/mnist.hpp"

namespace digitcam {
namespace {

cv::Rect rectFrom(const nlohmann::json& bbox, const std::string& where) {
    if (!bbox.is_array() || bbox.size() != 4)
        throw DatasetError(fmt::format("{}: bbox is not [x, y, w, h]", where));
    return {bbox[0].get<int>(), bbox[1].get<int>(), bbox[2].get<int>(), bbox[3].get<int>()};
}

}  // namespace

std::vector<SceneTruth> readCocoScenes(const std::filesystem::path& annotations) {
    const std::string name = annotations.string();
    std::ifstream in(annotations);
    if (!in) throw DatasetError(fmt::format("coco: {}: cannot open", name));
    nlohmann::json coco;
    try {
        coco = nlohmann::json::parse(in);
        std::map<int, int> digit_of_category;
        for (const auto& c : coco.at("categories")) {
            const std::string digit = c.at("name").get<std::string>();
            if (digit.size() != 1 || digit[0] < '0' || digit[0] > '9') {
                throw DatasetError(fmt::format("coco: {}: category '{}' is not a digit", name, digit));
            }
            digit_of_category[c.at("id").get<int>()] = digit[0] - '0';
        }
        std::vector<SceneTruth> scenes;
        std::map<int, std::size_t> index_of_image;
        for (const auto& image : coco.at("images")) {
            index_of_image[image.at("id").get<int>()] = scenes.size();
            scenes.push_back({image.at("file_name").get<std::string>(),
                              image.value("scene", ""),
                              {},
                              {},
                              image.value("frame", -1)});
        }
        const auto sceneOf = [&](const nlohmann::json& item, const char* what) -> SceneTruth& {
            const int id = item.at("image_id").get<int>();
            const auto it = index_of_image.find(id);
            if (it == index_of_image.end())
                throw DatasetError(
                    fmt::format("coco: {}: {} refers to image_id {}, not in images", name, what, id));
            return scenes[it->second];
        };
        for (const auto& a : coco.at("annotations")) {
            const int category = a.at("category_id").get<int>();
            const auto digit = digit_of_category.find(category);
            if (digit == digit_of_category.end()) {
                throw DatasetError(
                    fmt::format("coco: {}: annotation {} has category_id {}, not in categories", name,
                                a.value("id", -1), category));
            }
            sceneOf(a, "an annotation").digits.push_back({rectFrom(a.at("bbox"), name), digit->second});
        }
        for (const auto& line : coco.value("lines", nlohmann::json::array())) {
            sceneOf(line, "a line")
                .lines.push_back({line.at("text").get<std::string>(), rectFrom(line.at("bbox"), name)});
        }
        return scenes;
    } catch (const nlohmann::json::exception& e) {
        throw DatasetError(fmt::format("coco: {}: {}", name, e.what()));
    }
}

double iou(const cv::Rect& a, const cv::Rect& b) {
    const double inter = (a & b).area();
    const double uni = a.area() + b.area() - inter;
    return uni > 0 ? inter / uni : 0.0;
}

int cropLabel(const SceneTruth& truth, const cv::Rect& box) {
    // Between the two, a crop is a digit boxed loosely or a digit with much of another: left out.
    constexpr double kSameDigit = 0.7;
    constexpr double kNoDigit = 0.55;
    // A crop holds a digit whose box lies this much inside it, and some of one from half of its box.
    constexpr double kHolds = 0.9;
    constexpr double kHoldsSome = 0.5;
    const TruthDigit* best = nullptr;
    double best_iou = 0.0;
    for (const TruthDigit& d : truth.digits) {
        const double overlap = iou(d.box, box);
        if (overlap > best_iou) {
            best_iou = overlap;
            best = &d;
        }
    }
    int others = 0;
    for (const TruthDigit& d : truth.digits) {
        if (&d == best) continue;
        const double inside = static_cast<double>((d.box & box).area()) / std::max(1, d.box.area());
        if (inside >= kHolds) return kNotADigit;  // two digits run together (a slim 1 and a wide 2)
        others += inside >= kHoldsSome;
    }
    if (others > 0) return -1;
    if (best_iou >= kSameDigit) return best->label;
    return best_iou < kNoDigit ? kNotADigit : -1;
}

NegativePlace negativePlace(const SceneTruth& truth, const cv::Rect& box) {
    constexpr double kHolds = 0.9;       // a digit's box this much inside the crop is held whole
    constexpr double kAway = 0.2;        // no digit holds this much of the crop
    constexpr double kInside = 0.8;      // a digit holds this much of the crop: a piece of it
    constexpr double kShortPiece = 0.6;  // a piece under this share of its digit's height
    int held = 0;
    double most_inside = 0.0;
    double height_share = 0.0;
    for (const TruthDigit& d : truth.digits) {
        const double inter = (d.box & box).area();
        held += inter >= kHolds * d.box.area();
        const double inside = inter / std::max(1, box.area());
        if (inside > most_inside) {
            most_inside = inside;
            height_share = static_cast<double>(box.height) / std::max(1, d.box.height);
        }
    }
    if (held >= 2 || (held == 1 && most_inside < kInside)) return NegativePlace::Pair;
    if (most_inside < kAway) return NegativePlace::Away;
    if (most_inside >= kInside)
        return height_share < kShortPiece ? NegativePlace::ShortPiece : NegativePlace::TallPiece;
    return NegativePlace::Other;
}

std::string placeName(NegativePlace place) {
    switch (place) {
        case NegativePlace::Away:
            return "away";
        case NegativePlace::Pair:
            return "pair";
        case NegativePlace::ShortPiece:
            return "short-piece";
        case NegativePlace::TallPiece:
            return "tall-piece";
        case NegativePlace::Other:
            return "other";
    }
    return "other";
}

SceneScore& SceneScore::operator+=(const SceneScore& o) {
    true_positives += o.true_positives;
    false_positives += o.false_positives;
    false_negatives += o.false_negatives;
    lines += o.lines;
    lines_exact += o.lines_exact;
    return *this;
}

double SceneScore::precision() const {
    const int reported = true_positives + false_positives;
    return reported ? static_cast<double>(true_positives) / reported : 1.0;
}

double SceneScore::recall() const {
    const int truth = true_positives + false_negatives;
    return truth ? static_cast<double>(true_positives) / truth : 1.0;
}

double SceneScore::f1() const {
    const double p = precision();
    const double r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

SceneScore scoreScene(const SceneTruth& truth, const FrameResult& result, double min_iou) {
    SceneScore score;
    std::vector<const Digit*> reported;
    for (const Digit& d : result.digits) reported.push_back(&d);
    std::stable_sort(reported.begin(), reported.end(),
                     [](const Digit* a, const Digit* b) { return a->conf > b->conf; });
    std::vector<bool> taken(truth.digits.size(), false);
    for (const Digit* d : reported) {
        int best = -1;
        double best_iou = min_iou;
        for (std::size_t t = 0; t < truth.digits.size(); ++t) {
            if (taken[t] || truth.digits[t].label != d->label) continue;
            const double overlap = iou(d->box, truth.digits[t].box);
            if (overlap >= best_iou) {
                best = static_cast<int>(t);
                best_iou = overlap;
            }
        }
        if (best < 0) {
            ++score.false_positives;
        } else {
            taken[static_cast<std::size_t>(best)] = true;
            ++score.true_positives;
        }
    }
    score.false_negatives = static_cast<int>(std::count(taken.begin(), taken.end(), false));

    std::vector<bool> used(result.numbers.size(), false);
    for (const TruthLine& line : truth.lines) {
        ++score.lines;
        for (std::size_t n = 0; n < result.numbers.size(); ++n) {
            if (!used[n] && result.numbers[n].text == line.text &&
                iou(result.numbers[n].box, line.box) >= min_iou) {
                used[n] = true;
                ++score.lines_exact;
                break;
            }
        }
    }
    score.exact = score.lines_exact == score.lines &&
                  std::count(used.begin(), used.end(), true) == static_cast<long>(result.numbers.size());
    return score;
}

}  // namespace digitcam
