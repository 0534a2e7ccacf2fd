#include <fstream>

#include <gtest/gtest.h>

#include "digitcam/classifier.hpp"
#include "digitcam/mnist.hpp"
#include "digitcam/scene_eval.hpp"
#include "test_support.hpp"

namespace digitcam {
namespace {

// Truth: the line "42" made of a 4 and a 2, and a lone "7" further down.
SceneTruth truth() {
    return {"a.png",
            "note",
            {{cv::Rect(10, 10, 20, 30), 4}, {cv::Rect(35, 10, 20, 30), 2}, {cv::Rect(10, 100, 20, 30), 7}},
            {{"42", cv::Rect(10, 10, 45, 30)}, {"7", cv::Rect(10, 100, 20, 30)}}};
}

FrameResult readAs(std::vector<Digit> digits, std::vector<Number> numbers) {
    FrameResult r;
    r.digits = std::move(digits);
    r.numbers = std::move(numbers);
    return r;
}

TEST(SceneEval, PerfectReadingScoresOne) {
    const auto t = truth();
    const auto r =
        readAs({{t.digits[0].box, 4, 0.9f}, {t.digits[1].box, 2, 0.9f}, {t.digits[2].box, 7, 0.9f}},
               {{"42", t.lines[0].box, 0.8f, {}}, {"7", t.lines[1].box, 0.9f, {}}});
    const SceneScore s = scoreScene(t, r);
    EXPECT_EQ(s.true_positives, 3);
    EXPECT_EQ(s.false_positives, 0);
    EXPECT_EQ(s.false_negatives, 0);
    EXPECT_EQ(s.lines_exact, 2);
    EXPECT_TRUE(s.exact);
    EXPECT_DOUBLE_EQ(s.f1(), 1.0);
}

TEST(SceneEval, WrongLabelIsBothAFalsePositiveAndAMiss) {
    const auto t = truth();
    const auto r =
        readAs({{t.digits[0].box, 9, 0.9f}, {t.digits[1].box, 2, 0.9f}}, {{"92", t.lines[0].box, 0.8f, {}}});
    const SceneScore s = scoreScene(t, r);
    EXPECT_EQ(s.true_positives, 1);
    EXPECT_EQ(s.false_positives, 1);
    EXPECT_EQ(s.false_negatives, 2);
    EXPECT_EQ(s.lines_exact, 0);
    EXPECT_FALSE(s.exact);
    EXPECT_DOUBLE_EQ(s.precision(), 0.5);
    EXPECT_NEAR(s.recall(), 1.0 / 3.0, 1e-9);
}

TEST(SceneEval, ABoxThatBarelyOverlapsDoesNotCount) {
    const auto t = truth();
    // Right label, shifted by most of the digit's width: IoU well under 0.5.
    const auto r = readAs({{t.digits[2].box + cv::Point(14, 0), 7, 0.9f}}, {{"7", t.lines[1].box, 0.9f, {}}});
    const SceneScore s = scoreScene(t, r);
    EXPECT_EQ(s.true_positives, 0);
    EXPECT_EQ(s.false_positives, 1);
    EXPECT_EQ(s.lines_exact, 1);  // the number's own box is right
}

TEST(SceneEval, OneDigitMatchesOneTruthOnly) {
    const auto t = truth();
    const auto r = readAs({{t.digits[2].box, 7, 0.9f}, {t.digits[2].box, 7, 0.8f}}, {});
    const SceneScore s = scoreScene(t, r);
    EXPECT_EQ(s.true_positives, 1);
    EXPECT_EQ(s.false_positives, 1);
}

TEST(SceneEval, AnExtraNumberSpoilsTheImageButNotTheLines) {
    const auto t = truth();
    const auto r = readAs({}, {{"42", t.lines[0].box, 0.8f, {}},
                               {"7", t.lines[1].box, 0.9f, {}},
                               {"1", cv::Rect(200, 200, 10, 30), 0.9f, {}}});
    const SceneScore s = scoreScene(t, r);
    EXPECT_EQ(s.lines_exact, 2);
    EXPECT_FALSE(s.exact);
}

std::string cocoError(const std::string& text) {
    const auto path = test::tempDir() / "annotations.json";
    std::ofstream(path) << text;
    try {
        readCocoScenes(path);
    } catch (const DatasetError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no DatasetError for " << text;
    return {};
}

// What `digits harvest` labels a candidate crop: a digit only when the crop is that digit, not a digit
// only when it is clearly none, and nothing in between.
TEST(SceneEval, ACropIsLabelledADigitOnlyWhenItIsOne) {
    const auto t = truth();  // a 4 at (10, 10, 20, 30) touching-close to a 2 at (35, 10, 20, 30)
    EXPECT_EQ(cropLabel(t, {10, 10, 20, 30}), 4);
    EXPECT_EQ(cropLabel(t, {11, 9, 21, 31}), 4) << "a box a pixel off is still the digit";
    EXPECT_EQ(cropLabel(t, {10, 10, 45, 30}), kNotADigit) << "the pair run together is no digit";
    EXPECT_EQ(cropLabel(t, {10, 10, 20, 12}), kNotADigit) << "the top of the 4 is no digit";
    EXPECT_EQ(cropLabel(t, {200, 200, 20, 30}), kNotADigit) << "a mark far from every digit";
    EXPECT_EQ(cropLabel(t, {10, 10, 20, 18}), -1) << "most of the 4 (IoU 0.6) is neither";
    EXPECT_EQ(cropLabel({}, {10, 10, 20, 30}), kNotADigit) << "a scene without digits";
    const SceneTruth one_two{"b.png", "", {{cv::Rect(12, 10, 6, 30), 1}, {cv::Rect(14, 10, 24, 30), 2}}, {}};
    EXPECT_EQ(cropLabel(one_two, {10, 10, 28, 30}), kNotADigit)
        << "a slim 1 run into a wide 2 is no 2, though the pair's box matches the 2's (IoU 0.86)";
    EXPECT_EQ(cropLabel(one_two, {14, 10, 24, 30}), -1) << "the 2 holding half the 1's box is unclear";
}

// Where `digits harvest` says a "not a digit" crop lies, so that training can keep those that are no digit
// in any context.
TEST(SceneEval, ANegativeCropIsPlacedAgainstTheTruth) {
    const auto t = truth();  // a 4 at (10, 10, 20, 30) touching-close to a 2 at (35, 10, 20, 30)
    EXPECT_EQ(negativePlace(t, {200, 200, 20, 30}), NegativePlace::Away);
    EXPECT_EQ(negativePlace(t, {29, 10, 7, 30}), NegativePlace::Away) << "between the two, a sliver of each";
    EXPECT_EQ(negativePlace(t, {10, 10, 45, 30}), NegativePlace::Pair) << "the two run together";
    EXPECT_EQ(negativePlace(t, {5, 5, 28, 38}), NegativePlace::Pair) << "the 4 with much else round it";
    EXPECT_EQ(negativePlace(t, {10, 10, 20, 12}), NegativePlace::ShortPiece) << "the 4's top, 0.4 of it";
    EXPECT_EQ(negativePlace(t, {10, 10, 6, 30}), NegativePlace::TallPiece) << "the 4's stem, like a 1";
    EXPECT_EQ(negativePlace(t, {22, 10, 14, 30}), NegativePlace::Other) << "half in the 4, some in the 2";
    EXPECT_EQ(negativePlace(t, {24, 10, 20, 30}), NegativePlace::Other) << "0.3 in the 4, 0.45 in the 2";
    EXPECT_EQ(negativePlace({}, {10, 10, 20, 30}), NegativePlace::Away) << "a scene without digits";
    EXPECT_EQ(placeName(NegativePlace::ShortPiece), "short-piece");
    EXPECT_EQ(placeName(NegativePlace::TallPiece), "tall-piece");
}

TEST(SceneEval, ReadsCocoWithLines) {
    const auto path = test::tempDir() / "annotations.json";
    std::ofstream(path) << R"({"categories": [{"id": 1, "name": "0"}, {"id": 8, "name": "7"}],
        "images": [{"id": 5, "file_name": "x.jpg", "width": 64, "height": 48, "scene": "plate"}],
        "annotations": [{"id": 1, "image_id": 5, "category_id": 8, "bbox": [1, 2, 3, 4]}],
        "lines": [{"image_id": 5, "text": "7", "bbox": [1, 2, 3, 4]}]})";
    const auto scenes = readCocoScenes(path);
    ASSERT_EQ(scenes.size(), 1u);
    EXPECT_EQ(scenes[0].file, "x.jpg");
    EXPECT_EQ(scenes[0].scene, "plate");
    ASSERT_EQ(scenes[0].digits.size(), 1u);
    EXPECT_EQ(scenes[0].digits[0].label, 7);
    EXPECT_EQ(scenes[0].digits[0].box, cv::Rect(1, 2, 3, 4));
    ASSERT_EQ(scenes[0].lines.size(), 1u);
    EXPECT_EQ(scenes[0].lines[0].text, "7");
}

TEST(SceneEval, BadCocoIsNamed) {
    EXPECT_NE(cocoError("{").find("annotations.json"), std::string::npos);
    EXPECT_NE(
        cocoError(R"({"categories": [{"id": 1, "name": "A"}], "images": [], "annotations": []})").find("'A'"),
        std::string::npos);
    EXPECT_NE(cocoError(R"({"categories": [], "images": [], "annotations": [
        {"id": 3, "image_id": 1, "category_id": 2, "bbox": [0, 0, 1, 1]}]})")
                  .find("category_id 2"),
              std::string::npos);
    EXPECT_NE(cocoError(R"({"categories": [{"id": 1, "name": "1"}], "images": [], "annotations": [
        {"id": 3, "image_id": 9, "category_id": 1, "bbox": [0, 0, 1, 1]}]})")
                  .find("image_id 9"),
              std::string::npos);
    EXPECT_NE(cocoError(R"({"categories": [{"id": 1, "name": "1"}], "images": [{"id": 1, "file_name": "a"}],
        "annotations": [{"id": 3, "image_id": 1, "category_id": 1, "bbox": [0, 0]}]})")
                  .find("bbox"),
              std::string::npos);
}

}  // namespace
}  // namespace digitcam
