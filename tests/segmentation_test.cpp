#include <fmt/format.h>
#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "digitcam/scene_eval.hpp"
#include "digitcam/segmenter.hpp"
#include "test_support.hpp"

namespace digitcam {
namespace {

// The regions' boxes, for a failure's message.
std::string boxesOf(const std::vector<Region>& regions) {
    std::string out;
    for (const auto& r : regions)
        out += fmt::format(" {},{},{}x{}", r.box.x, r.box.y, r.box.width, r.box.height);
    return out;
}

// Each drawn digit is found once, with a box close to the truth.
void expectFound(const std::vector<Region>& regions, const std::vector<test::DrawnDigit>& truth) {
    for (const auto& t : truth) {
        int matches = 0;
        for (const auto& r : regions) matches += iou(r.box, t.box) > 0.7 ? 1 : 0;
        EXPECT_EQ(matches, 1) << "digit " << t.label << " at " << t.box << "; regions:" << boxesOf(regions);
    }
}

TEST(Segmentation, FindsEveryDigitWithItsBox) {
    cv::Mat page = test::blankPage({640, 360});
    auto truth = test::writeDigits(page, "1990", {40, 40}, 60, 14);
    // pick 1: the first MNIST test "5" has a detached bar, which issue 4's fragment merging handles.
    const auto more = test::writeDigits(page, "358", {300, 200}, 40, 10, 1);
    truth.insert(truth.end(), more.begin(), more.end());

    AdaptiveThresholdSegmenter segmenter(SegmentationConfig{});
    const auto regions = segmenter.segment(page);
    EXPECT_EQ(regions.size(), truth.size());
    expectFound(regions, truth);
    for (std::size_t i = 1; i < regions.size(); ++i) EXPECT_LE(regions[i - 1].box.x, regions[i].box.x);
}

// A small upright 1 is a bar that fills its box; a solid blob as full is no digit, nor is a bar as tall
// as the threshold's block (a piece of a rule, more likely).
TEST(Segmentation, ASlimBarOfSmallTypeFillsItsBoxAndIsStillACandidate) {
    cv::Mat page = test::blankPage({200, 100});
    cv::rectangle(page, cv::Rect(50, 30, 4, 16), cv::Scalar::all(60), cv::FILLED);    // a 1, 16 px high
    cv::rectangle(page, cv::Rect(100, 30, 14, 16), cv::Scalar::all(60), cv::FILLED);  // a blob
    cv::rectangle(page, cv::Rect(150, 20, 4, 40), cv::Scalar::all(60), cv::FILLED);   // a rule's piece
    SegmentationConfig config;
    config.blur = 0;
    const auto regions = AdaptiveThresholdSegmenter(config).segment(page);
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_EQ(regions[0].box, cv::Rect(50, 30, 4, 16));
    EXPECT_GT(cv::countNonZero(regions[0].ink), 0.9 * 4 * 16);
}

TEST(Segmentation, RegionInkIsItsOwnAndKeepsHoles) {
    cv::Mat page = test::blankPage({300, 200});
    // A ring (a zero), and a neighbour's stroke reaching into the corner of its box without touching it.
    cv::ellipse(page, {100, 100}, {25, 40}, 0, 0, 360, cv::Scalar(20, 20, 20), 8);
    cv::rectangle(page, cv::Rect(55, 50, 22, 9), cv::Scalar(20, 20, 20), cv::FILLED);
    AdaptiveThresholdSegmenter segmenter(SegmentationConfig{});
    const auto regions = segmenter.segment(page);
    ASSERT_EQ(regions.size(), 1u);
    const Region& ring = regions.front();
    EXPECT_NEAR(ring.box.height, 88, 4);
    // The neighbour is in the mask and in the box, but not in the ring's ink...
    const cv::Point corner = ring.box.tl() + cv::Point(1, 1);
    ASSERT_EQ(segmenter.mask().at<uchar>(corner), 255);
    EXPECT_EQ(ring.ink.at<uchar>(1, 1), 0);
    // ...the hole is empty...
    EXPECT_EQ(ring.ink.at<uchar>(ring.ink.rows / 2, ring.ink.cols / 2), 0);
    // ...and the ink is only the ring's: the ring is about 8 px wide all round.
    const double fill = cv::countNonZero(ring.ink) / static_cast<double>(ring.box.area());
    EXPECT_LT(fill, 0.45);
    EXPECT_GT(fill, 0.2);
}

TEST(Segmentation, RejectsSpecksLinesAndBlobs) {
    cv::Mat page = test::blankPage({640, 360});
    cv::circle(page, {50, 50}, 3, cv::Scalar(20, 20, 20), cv::FILLED);                   // speck
    cv::line(page, {100, 300}, {600, 300}, cv::Scalar(20, 20, 20), 3);                   // rule
    cv::rectangle(page, cv::Rect(400, 50, 14, 20), cv::Scalar(20, 20, 20), cv::FILLED);  // blob
    cv::rectangle(page, cv::Rect(20, 20, 600, 320), cv::Scalar(20, 20, 20), 2);          // frame
    const auto truth = test::writeDigits(page, "7", {150, 100}, 50, 0);
    AdaptiveThresholdSegmenter segmenter(SegmentationConfig{});
    const auto regions = segmenter.segment(page);
    std::string found;
    for (const auto& r : regions)
        found += fmt::format(" {},{},{}x{} light={} contrast={}", r.box.x, r.box.y, r.box.width, r.box.height,
                             r.light_on_dark, r.contrast);
    ASSERT_EQ(regions.size(), 1u) << found;
    EXPECT_GT(iou(regions[0].box, truth[0].box), 0.7);
}

// Regression: with RETR_EXTERNAL the edge of a sheet lying on a dark desk hid every digit on it.
TEST(Segmentation, DigitsOnASheetOnADarkDesk) {
    cv::Mat frame(400, 600, CV_8UC3, cv::Scalar(60, 70, 80));
    cv::Mat sheet = frame(cv::Rect(50, 50, 500, 300));
    test::blankPage(sheet.size()).copyTo(sheet);
    const auto truth = test::writeDigits(sheet, "2072", {60, 80}, 70, 16);
    AdaptiveThresholdSegmenter segmenter(SegmentationConfig{});
    const auto regions = segmenter.segment(frame);
    ASSERT_EQ(regions.size(), truth.size());
    std::vector<test::DrawnDigit> shifted = truth;
    for (auto& t : shifted) t.box += cv::Point(50, 50);
    expectFound(regions, shifted);
}

TEST(Segmentation, LightOnDarkNeedsItsPolarity) {
    cv::Mat page = test::blankPage({400, 200});
    const auto truth = test::writeDigits(page, "46", {60, 50}, 80, 20);
    cv::Mat negative;
    cv::bitwise_not(page, negative);

    SegmentationConfig config;
    config.polarity = Polarity::LightOnDark;
    AdaptiveThresholdSegmenter light_on_dark(config);
    const auto regions = light_on_dark.segment(negative);
    EXPECT_EQ(regions.size(), 2u);
    expectFound(regions, truth);
}

// A sheet with dark handwriting beside a dark plate with light digits: with polarity both, every digit
// is found once, with its polarity, and neither the halo of ground around a digit nor the hole of a 0
// comes back as a region.
TEST(Segmentation, BothPolaritiesInOneFrameWithoutHalosOrHoles) {
    cv::Mat frame = test::blankPage({720, 300});
    const auto dark = test::writeDigits(frame, "1990", {30, 60}, 70, 14);
    cv::Mat plate = frame(cv::Rect(400, 40, 300, 200));
    cv::Mat plate_page = test::blankPage(plate.size(), 2);
    auto light = test::writeDigits(plate_page, "4680", {30, 50}, 60, 12);
    cv::bitwise_not(plate_page, plate);
    for (auto& t : light) t.box += cv::Point(400, 40);

    SegmentationConfig config;
    config.polarity = Polarity::Both;
    const auto regions = AdaptiveThresholdSegmenter(config).segment(frame);
    std::vector<test::DrawnDigit> all = dark;
    all.insert(all.end(), light.begin(), light.end());
    EXPECT_EQ(regions.size(), all.size());
    expectFound(regions, all);
    for (const auto& r : regions) EXPECT_EQ(r.light_on_dark, r.box.x >= 400) << r.box;

    // One polarity alone finds only its own digits.
    config.polarity = Polarity::DarkOnLight;
    const auto dark_only = AdaptiveThresholdSegmenter(config).segment(frame);
    int dark_found = 0;
    for (const auto& r : dark_only) dark_found += r.box.x < 400 ? 1 : 0;
    EXPECT_EQ(dark_found, 4);
}

// Dots, dashes and specks too small to be digits are kept as marks for the number reader.
TEST(Segmentation, OfAHoleAndAHaloTheInkStays) {
    auto region = [](cv::Rect box, bool light, float contrast) {
        Region r;
        r.box = box;
        r.light_on_dark = light;
        r.contrast = contrast;
        return r;
    };
    // A dark 0 and its hole, found as light ink: the hole goes.
    std::vector<Region> zero{region({10, 10, 40, 60}, false, 100.f), region({20, 20, 20, 40}, true, 60.f)};
    std::vector<cv::Rect> dropped;
    dropHoles(zero, &dropped);
    ASSERT_EQ(zero.size(), 1u);
    EXPECT_FALSE(zero[0].light_on_dark);
    EXPECT_EQ(dropped, std::vector<cv::Rect>{cv::Rect(20, 20, 20, 40)});
    // A 9 whose loop is wider than a digit may be, and the loop's inside standing out a little more
    // than the 9's ink (it is measured against the ink around it): still the hole goes.
    std::vector<Region> nine{region({1032, 277, 44, 54}, false, 137.f),
                             region({1040, 285, 26, 16}, true, 140.f)};
    nine[1].touching_only = true;
    dropHoles(nine, nullptr);
    ASSERT_EQ(nine.size(), 1u);
    EXPECT_FALSE(nine[0].light_on_dark);
    // A 3 cut by a box's side, which was taken out: the paper in the bay of its right part, closed by the
    // side, is a hole a pixel wider than that part, and stands out a little more: still the hole goes.
    std::vector<Region> three{region({1221, 235, 26, 59}, false, 101.f),
                              region({1220, 240, 17, 17}, true, 106.f)};
    dropHoles(three, nullptr);
    ASSERT_EQ(three.size(), 1u);
    EXPECT_FALSE(three[0].light_on_dark);
    // A dark letter inside the light halo of the ground next to its strokes, which stands out a little
    // only: the halo goes, whichever comes first.
    for (const bool halo_first : {true, false}) {
        std::vector<Region> letter{region({100, 0, 80, 90}, true, 20.f),
                                   region({108, 8, 66, 75}, false, 120.f)};
        if (!halo_first) std::swap(letter[0], letter[1]);
        dropHoles(letter, nullptr);
        ASSERT_EQ(letter.size(), 1u);
        EXPECT_FALSE(letter[0].light_on_dark);
    }
    // A thin light sliver of ground beside a dark 9's stem, overlapping its box a little (it reads as a
    // 1): a halo too. One of about the same contrast overlapping that little is ink of its own.
    std::vector<Region> sliver{region({490, 433, 20, 27}, false, 90.f),
                               region({507, 434, 7, 23}, true, 30.f)};
    dropHoles(sliver, nullptr);
    ASSERT_EQ(sliver.size(), 1u);
    EXPECT_FALSE(sliver[0].light_on_dark);
    std::vector<Region> neighbours{region({490, 433, 20, 27}, false, 90.f),
                                   region({507, 434, 7, 23}, true, 60.f)};
    dropHoles(neighbours, nullptr);
    EXPECT_EQ(neighbours.size(), 2u);
    // Overlapping, neither inside the other: the one that stands out less goes.
    std::vector<Region> crossed{region({0, 0, 50, 50}, false, 30.f), region({10, 5, 50, 50}, true, 40.f)};
    dropHoles(crossed, nullptr);
    ASSERT_EQ(crossed.size(), 1u);
    EXPECT_TRUE(crossed[0].light_on_dark);
}

TEST(Segmentation, SmallInkIsKeptAsMarks) {
    cv::Mat page = test::blankPage({400, 200});
    test::writeDigits(page, "12", {30, 50}, 60, 10);
    cv::circle(page, {150, 105}, 4, cv::Scalar(20, 20, 20), cv::FILLED);                // a dot
    cv::rectangle(page, cv::Rect(200, 80, 20, 5), cv::Scalar(20, 20, 20), cv::FILLED);  // a dash
    cv::circle(page, {300, 105}, 4, cv::Scalar(150, 150, 150), cv::FILLED);             // a grey speck
    const SegmentationConfig config = test::darkOnLight();
    AdaptiveThresholdSegmenter segmenter(config);
    const auto regions = segmenter.segment(page);
    ASSERT_EQ(regions.size(), 2u);
    const Mark* dot = nullptr;
    const Mark* speck = nullptr;
    int dash = 0;
    for (const auto& m : segmenter.marks()) {
        if (m.box.contains({150, 105})) dot = &m;
        if (m.box.contains({300, 105})) speck = &m;
        dash += m.box.contains({210, 82}) ? 1 : 0;
    }
    ASSERT_NE(dot, nullptr);
    ASSERT_NE(speck, nullptr);
    EXPECT_EQ(dash, 1);
    // How much each stands out, as the regions' contrast is measured: the dot of the digits' ink as
    // much as they do, the speck far less (NumberReader takes no faint speck for a decimal point).
    EXPECT_GT(dot->contrast, 0.8 * regions[0].contrast);
    EXPECT_LT(speck->contrast, 0.5 * dot->contrast);
    EXPECT_GT(speck->contrast, 0.f);
}

// Handwriting that touches a slightly tilted underline and a form box's edge: with rule removal the
// digits are found and the box's sides are not taken for 1s; without it the digits merge with the rules.
TEST(Segmentation, DigitsTouchingRulesAreFoundAndFrameSidesAreNot) {
    cv::Mat page = test::blankPage({640, 300});
    const auto on_line = test::writeDigits(page, "358", {60, 60}, 60, 12, 1);
    cv::line(page, {30, 118}, {330, 124}, cv::Scalar(20, 20, 20), 2);  // the underline, tilted ~1 degree
    const auto boxed = test::writeDigits(page, "72", {420, 150}, 60, 10, 1);
    const int right = boxed.back().box.x + boxed.back().box.width;  // the box's right edge touches the 2
    cv::rectangle(page, cv::Rect(400, 130, right - 400, 140), cv::Scalar(20, 20, 20), 2);

    SegmentationConfig config = test::darkOnLight();
    std::vector<test::DrawnDigit> all = on_line;
    all.insert(all.end(), boxed.begin(), boxed.end());
    const auto regions = AdaptiveThresholdSegmenter(config).segment(page);
    expectFound(regions, all);
    EXPECT_EQ(regions.size(), all.size());

    config.rule_length = 0;
    int found = 0;
    for (const auto& r : AdaptiveThresholdSegmenter(config).segment(page)) {
        for (const auto& t : all) found += iou(r.box, t.box) > 0.7 ? 1 : 0;
    }
    EXPECT_LE(found, 2) << "without rule removal the digits on the rules should be lost";
}

// Handwriting as tall as the space between two ruled lines touches both, as a box's side and what is
// left of a box's outline do once the box's rules are out; but a side is one slim stroke, an outline a
// hairline round its box, and the digits are neither. (A 9 and an 8 touch the lines at a point; a stroke
// that runs along a line, the bar of a 5 or a 7, goes with the line, which is another matter.)
TEST(Segmentation, DigitsFillingTheSpaceBetweenTwoRuledLinesAreNoSidesOfABox) {
    cv::Mat page = test::blankPage({640, 240});
    const auto digits = test::writeDigits(page, "98", {60, 60}, 70, 14, 1);
    int top = page.rows;
    int bottom = 0;
    for (const auto& d : digits) {
        top = std::min(top, d.box.y);
        bottom = std::max(bottom, d.box.y + d.box.height - 1);
    }
    cv::line(page, {20, top - 1}, {620, top - 1}, cv::Scalar::all(20), 2);  // touching the ink
    cv::line(page, {20, bottom + 1}, {620, bottom + 1}, cv::Scalar::all(20), 2);
    const SegmentationConfig config = test::darkOnLight();
    const auto regions = AdaptiveThresholdSegmenter(config).segment(page);
    for (const auto& d : digits) {
        EXPECT_TRUE(std::any_of(regions.begin(), regions.end(),
                                [&](const Region& r) { return iou(r.box, d.box) > 0.7; }))
            << "digit " << d.label << " at " << d.box;
    }
}

// A 0 written against the side of a cents box (shorter than a rule, so a side from rule to rule): where
// its stroke lies on the side, the two make one thick stroke, which stays with the 0. Taken with the side,
// the 0 lost its right stroke and read as no digit.
TEST(Segmentation, AStrokeLyingOnTheSideOfABoxStaysWithTheDigit) {
    cv::Mat page = test::blankPage({400, 240});
    const cv::Rect box(60, 60, 200, 100);
    cv::rectangle(page, box, cv::Scalar::all(30), 3);
    const int right = box.x + box.width - 1;
    const cv::Rect zero(right - 40, 78, 36, 66);  // its stroke's outer edge against the side
    cv::ellipse(page, (zero.tl() + zero.br()) / 2, zero.size() / 2, 0, 0, 360, cv::Scalar::all(30), 5);
    const SegmentationConfig config = test::darkOnLight();
    const auto regions = AdaptiveThresholdSegmenter(config).segment(page);
    EXPECT_TRUE(std::any_of(regions.begin(), regions.end(),
                            [&](const Region& r) {
                                return r.box.height >= 0.9 * zero.height &&
                                       r.box.x + r.box.width >= right - 1 &&
                                       cv::countNonZero(r.ink.col(r.ink.cols - 3)) >= zero.height / 4;
                            }))
        << "regions:" << boxesOf(regions);
}

// A digit written across a rule: the side of an amount box through the 3 of the cents (its arms cross
// it), an underline through the stem of a 4. Where a stroke crosses, the rule stays, and the digit is
// one piece of ink; taken there, the 3 lost the arms inside the box, and those read as a dash between
// the cents' two digits.
TEST(Segmentation, ADigitWrittenAcrossARuleIsOnePiece) {
    cv::Mat page = test::blankPage({480, 320});
    const cv::Rect box(40, 40, 300, 150);
    cv::rectangle(page, box, cv::Scalar::all(30), 3);
    const int side = box.x + box.width - 1;
    const cv::Size glyph = cv::getTextSize("3", cv::FONT_HERSHEY_SIMPLEX, 3.0, 6, nullptr);
    const cv::Rect three(side - glyph.width / 2, 160 - glyph.height, glyph.width, glyph.height);
    cv::putText(page, "3", three.tl() + cv::Point(0, glyph.height), cv::FONT_HERSHEY_SIMPLEX, 3.0,
                cv::Scalar::all(30), 6);
    const int rule = 250;
    cv::line(page, {20, rule}, {460, rule}, cv::Scalar::all(30), 3);
    const cv::Rect four(120, rule + 40 - glyph.height, glyph.width, glyph.height);
    cv::putText(page, "4", four.tl() + cv::Point(0, glyph.height), cv::FONT_HERSHEY_SIMPLEX, 3.0,
                cv::Scalar::all(30), 6);
    const SegmentationConfig config = test::darkOnLight();
    const auto regions = AdaptiveThresholdSegmenter(config).segment(page);
    // The regions with ink where the digit is drawn, and their boxes.
    auto piecesOf = [&](const cv::Rect& digit) {
        std::vector<cv::Rect> pieces;
        for (const Region& r : regions) {
            if ((r.box & digit).area() > 0) pieces.push_back(r.box);
        }
        return pieces;
    };
    for (const cv::Rect& digit : {three, four}) {
        const std::vector<cv::Rect> pieces = piecesOf(digit);
        std::string found;
        for (const cv::Rect& p : pieces) found += fmt::format(" {},{},{}x{}", p.x, p.y, p.width, p.height);
        EXPECT_EQ(pieces.size(), 1u) << "pieces:" << found;
        if (pieces.size() == 1) {
            EXPECT_GE(pieces.front().height, 0.9 * glyph.height) << "pieces:" << found;
        }
    }
}

// Of a region too wide for one digit and one of the other polarity inside its box, the one that stands
// out more stays (the wide one may be ground round light ink), unless the wide one's ink closes round the
// other: then that is its hole, as a 0's is (the loop of a bold 6 that lost its top, 1.85 times as wide
// as tall, was dropped for its hole, which stood out a little more).
TEST(Segmentation, AHoleEnclosedByAWideRegionsInkIsAHole) {
    Region ring;
    ring.box = cv::Rect(0, 0, 80, 40);
    ring.touching_only = true;
    ring.contrast = 100.f;
    ring.ink = cv::Mat::zeros(40, 80, CV_8U);
    cv::ellipse(ring.ink, {40, 20}, {36, 16}, 0, 0, 360, cv::Scalar(255), 8);
    Region hole;
    hole.box = cv::Rect(25, 14, 30, 12);
    hole.light_on_dark = true;
    hole.contrast = 110.f;
    hole.ink = cv::Mat(12, 30, CV_8U, cv::Scalar(255));
    std::vector<Region> regions{ring, hole};
    dropHoles(regions, nullptr);
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_FALSE(regions.front().light_on_dark);
    // Open at the top, the wide region closes round nothing: the one standing out more stays.
    Region open = ring;
    open.ink = ring.ink.clone();
    open.ink(cv::Rect(30, 0, 20, 14)).setTo(0);
    regions = {open, hole};
    dropHoles(regions, nullptr);
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_TRUE(regions.front().light_on_dark);
    // Nor is what fills most of the box it closes round a hole: a halo's dark digits.
    Region halo = hole;
    halo.box = cv::Rect(6, 6, 68, 28);
    halo.ink = cv::Mat(28, 68, CV_8U, cv::Scalar(255));
    regions = {ring, halo};
    dropHoles(regions, nullptr);
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_TRUE(regions.front().light_on_dark);
}

// A lit display small enough to be one dark region (its panel, wider than a digit) holds its digits in
// its holes, as a bold pair holds its loops' paper; but the digits are strokes, filling a third of
// their boxes, not paper: they stay. Before, all of a display's digits were dropped as holes.
TEST(Segmentation, StrokesInAWideRegionsHolesAreNoHoles) {
    Region panel;
    panel.box = cv::Rect(0, 0, 200, 60);
    panel.touching_only = true;
    panel.contrast = 200.f;
    panel.ink = cv::Mat(60, 200, CV_8U, cv::Scalar(255));
    Region digit;
    digit.box = cv::Rect(20, 8, 26, 44);
    digit.light_on_dark = true;
    digit.contrast = 100.f;
    digit.ink = cv::Mat::zeros(44, 26, CV_8U);
    cv::rectangle(digit.ink, {0, 0}, {25, 43}, cv::Scalar(255), 5);  // a display's 0, 5 px segments
    panel.ink(digit.box).setTo(0, digit.ink);
    std::vector<Region> regions{panel, digit};
    dropHoles(regions, nullptr);
    ASSERT_EQ(regions.size(), 2u);
    // The same hole filled with paper is a hole.
    Region paper = digit;
    paper.ink = cv::Mat(44, 26, CV_8U, cv::Scalar(255));
    panel.ink(digit.box).setTo(0);
    regions = {panel, paper};
    dropHoles(regions, nullptr);
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_FALSE(regions.front().light_on_dark);
}

// A stroke crossing the side of a box at a slant (the waist of an 8 written over the amount box's side)
// has ink beyond the side on each side of it, but a few rows apart, not in the same row: it stays, and
// the digit is one piece. Taken there, the 8 fell into three pieces that read "93".
TEST(Segmentation, AStrokeCrossingTheSideOfABoxAtASlantKeepsTheDigitWhole) {
    cv::Mat page = test::blankPage({400, 260});
    const cv::Rect box(40, 40, 260, 160);
    cv::rectangle(page, box, cv::Scalar::all(30), 3);
    const int side = box.x + box.width - 1;
    // An 8's waist crossing the side at 45 degrees, its upper loop beyond the side and its lower loop
    // inside the box.
    cv::line(page, {side + 14, 100}, {side - 14, 128}, cv::Scalar::all(30), 6);
    cv::ellipse(page, {side + 24, 88}, {12, 14}, 0, 0, 360, cv::Scalar::all(30), 6);
    cv::ellipse(page, {side - 24, 140}, {12, 14}, 0, 0, 360, cv::Scalar::all(30), 6);
    const SegmentationConfig config = test::darkOnLight();
    const auto regions = AdaptiveThresholdSegmenter(config).segment(page);
    EXPECT_TRUE(std::any_of(regions.begin(), regions.end(),
                            [&](const Region& r) {
                                return r.box.x < side - 30 && r.box.x + r.box.width > side + 30 &&
                                       r.box.y <= 80 && r.box.y + r.box.height >= 150;
                            }))
        << "regions:" << boxesOf(regions);
}

// Only a side of a box stands upright from one ruled line to the next: a heavy stroke that leans as
// handwriting does (the stem of a 9 from the line above to the line below) is a digit's, and stays.
TEST(Segmentation, ALeaningStrokeBetweenTwoRuledLinesIsNoSideOfABox) {
    cv::Mat page = test::blankPage({400, 240});
    cv::line(page, {10, 60}, {390, 60}, cv::Scalar::all(30), 2);
    cv::line(page, {10, 170}, {390, 170}, cv::Scalar::all(30), 2);
    cv::line(page, {226, 69}, {174, 161}, cv::Scalar::all(30), 16);
    const SegmentationConfig config = test::darkOnLight();
    const auto regions = AdaptiveThresholdSegmenter(config).segment(page);
    EXPECT_TRUE(std::any_of(
        regions.begin(), regions.end(),
        [&](const Region& r) { return r.box.x < 180 && r.box.x + r.box.width > 220 && r.box.height >= 90; }))
        << "regions:" << boxesOf(regions);
}

// A box is drawn with one pen. An upright stroke from one thin ruled line down to the next, many times
// thicker than they are, is a digit's (the stem of a bold 9), and stays; a side as thin as the rules goes.
TEST(Segmentation, AStrokeFarThickerThanTheRulesItJoinsIsNoSideOfABox) {
    cv::Mat page = test::blankPage({400, 240});
    cv::line(page, {10, 60}, {390, 60}, cv::Scalar::all(30), 2);
    cv::line(page, {10, 140}, {390, 140}, cv::Scalar::all(30), 2);
    // A 9: its stem, clear of the rules by a few pixels, and its loop.
    cv::rectangle(page, cv::Rect(144, 65, 12, 71), cv::Scalar::all(30), cv::FILLED);
    cv::ellipse(page, {128, 88}, {18, 18}, 0, 0, 360, cv::Scalar::all(30), 10);
    cv::line(page, {300, 60}, {300, 140}, cv::Scalar::all(30), 2);
    const SegmentationConfig config = test::darkOnLight();
    const auto regions = AdaptiveThresholdSegmenter(config).segment(page);
    const auto tallAt = [&](int x) {
        return std::any_of(regions.begin(), regions.end(), [&](const Region& r) {
            return r.box.x <= x && r.box.x + r.box.width > x && r.box.height >= 65;
        });
    };
    EXPECT_TRUE(tallAt(150)) << "regions:" << boxesOf(regions);
    EXPECT_FALSE(tallAt(300)) << "regions:" << boxesOf(regions);
}

TEST(Segmentation, AStrokeLeavingARuleIsLeftOnTheDigit) {
    // A 7 whose 70 px stem leaves a long vertical rule at a shallow angle: ink beside the rule's middle
    // line is the digit's, and stays with it (taken with the rule, only its last 14 px were left).
    cv::Mat page = test::blankPage({400, 300});
    cv::line(page, {200, 20}, {200, 280}, cv::Scalar::all(20), 3);
    cv::line(page, {160, 100}, {200, 100}, cv::Scalar::all(20), 5);
    cv::line(page, {200, 100}, {224, 170}, cv::Scalar::all(20), 5);
    const SegmentationConfig config = test::darkOnLight();
    const auto regions = AdaptiveThresholdSegmenter(config).segment(page);
    EXPECT_TRUE(std::any_of(regions.begin(), regions.end(),
                            [](const Region& r) { return r.box.x > 200 && r.box.height >= 45; }));
}

// A stroke wider than the threshold's neighbourhood thresholds hollow; the region's ink is filled again
// (a hole as dark as the ink is stroke), while a 0's hole, which holds paper, stays a hole.
TEST(Segmentation, ThickStrokesAreFilledRealHolesAreNot) {
    cv::Mat page = test::blankPage({400, 500});
    // An L of 40 px strokes: with block_size 35 its middle is no darker than its neighbourhood.
    cv::Mat drawn(page.size(), CV_8U, cv::Scalar(0));
    cv::rectangle(drawn, cv::Rect(60, 40, 40, 200), cv::Scalar(255), cv::FILLED);
    cv::rectangle(drawn, cv::Rect(60, 200, 120, 40), cv::Scalar(255), cv::FILLED);
    page.setTo(cv::Scalar(25, 25, 25), drawn);
    cv::ellipse(page, {300, 140}, {40, 70}, 0, 0, 360, cv::Scalar(25, 25, 25), 12);  // a 0

    const SegmentationConfig config = test::darkOnLight();
    AdaptiveThresholdSegmenter segmenter(config);
    segmenter.setTrace(true);
    const auto regions = segmenter.segment(page);
    std::string why;
    for (const auto& m : segmenter.marks())
        why += fmt::format(" mark {},{},{}x{}", m.box.x, m.box.y, m.box.width, m.box.height);
    for (const auto& g : segmenter.ground())
        why += fmt::format(" ground {},{},{}x{}", g.x, g.y, g.width, g.height);
    ASSERT_EQ(regions.size(), 2u) << why;
    const Region& l = regions[0];
    ASSERT_LT(cv::countNonZero(segmenter.mask()(l.box)), 0.8 * cv::countNonZero(drawn(l.box)))
        << "the L should threshold hollow";
    EXPECT_GT(cv::countNonZero(l.ink & drawn(l.box)), 0.95 * cv::countNonZero(drawn(l.box)));
    const Region& zero = regions[1];
    EXPECT_EQ(zero.ink.at<uchar>(zero.ink.rows / 2, zero.ink.cols / 2), 0);
}

TEST(Segmentation, HeightLimitsAndCandidateCapFollowConfig) {
    cv::Mat page = test::blankPage({640, 360});
    test::writeDigits(page, "12345", {20, 20}, 30, 10);
    test::writeDigits(page, "6", {400, 20}, 120, 0);
    SegmentationConfig config;
    config.min_height = 40;
    const auto tall = AdaptiveThresholdSegmenter(config).segment(page);
    std::string found;
    for (const auto& r : tall)
        found += fmt::format(" {},{},{}x{} light={} contrast={}", r.box.x, r.box.y, r.box.width, r.box.height,
                             r.light_on_dark, r.contrast);
    EXPECT_EQ(tall.size(), 1u) << found;
    config.min_height = 12;
    config.max_height_ratio = 100.0 / 360;
    EXPECT_EQ(AdaptiveThresholdSegmenter(config).segment(page).size(), 5u);
    config.max_height_ratio = 0.5;
    config.max_candidates = 2;
    const auto capped = AdaptiveThresholdSegmenter(config).segment(page);
    ASSERT_EQ(capped.size(), 2u);
    // The largest are kept: the 120 px six is one of them.
    EXPECT_TRUE(capped[0].box.height > 100 || capped[1].box.height > 100);
}

}  // namespace

// Small dark print: the paper between and beside a word's strokes is lighter than the mean around it
// (the strokes pull that down) and passes for light ink, a 1 ("Tel:" read as 11, the gaps of a "W" as
// 1111). Light ink has its dark ground above and below it: paper on either side gives it away. Light
// strokes on a dark plate still are ink.
TEST(Segmentation, ThePaperBetweenSmallPrintIsNoLightInk) {
    cv::Mat page(130, 400, CV_8UC3, cv::Scalar(125, 128, 126));
    const cv::Scalar dark(40, 40, 40);
    // A picket fence: paper above and below the gaps between its bars.
    for (int x = 20; x < 160; x += 10) cv::rectangle(page, cv::Rect(x, 15, 4, 24), dark, cv::FILLED);
    // A comb: its back above the gaps between its teeth, paper below them (an "m", a "W").
    for (int x = 20; x < 160; x += 11) cv::rectangle(page, cv::Rect(x, 80, 3, 20), dark, cv::FILLED);
    cv::rectangle(page, cv::Rect(20, 77, 135, 3), dark, cv::FILLED);
    cv::rectangle(page, cv::Rect(200, 10, 180, 100), dark, cv::FILLED);
    for (int x = 220; x < 360; x += 40) {
        cv::rectangle(page, cv::Rect(x, 30, 6, 50), cv::Scalar(220, 220, 220), cv::FILLED);
    }
    cv::GaussianBlur(page, page, {5, 5}, 1.2);
    SegmentationConfig config;
    config.polarity = Polarity::Both;
    AdaptiveThresholdSegmenter segmenter(config);
    int plate_strokes = 0;
    for (const Region& r : segmenter.segment(page)) {
        if (r.box.x < 180) {
            EXPECT_FALSE(r.light_on_dark) << r.box;
        } else {
            plate_strokes += r.light_on_dark ? 1 : 0;
        }
    }
    EXPECT_EQ(plate_strokes, 4);
}

}  // namespace digitcam

namespace digitcam {
namespace {

// Ink differs from its neighbourhood's mean by at least c: on a flat page no pixel does for c >= 1 (the
// 8-bit path), every pixel does for c <= 0 (the signed path), in both polarities.
// The search for large digits one scale down on frames too small to hold one: nothing, and no error.
TEST(Segmentation, TinyFramesHaveNoLargeDigits) {
    AdaptiveThresholdSegmenter segmenter(SegmentationConfig{});
    for (const cv::Size size : {cv::Size(3, 3), cv::Size(1, 1), cv::Size(200, 60)}) {
        const cv::Mat frame(size, CV_8UC3, cv::Scalar(200, 200, 200));
        EXPECT_NO_THROW(segmenter.segment(frame)) << size;
        EXPECT_TRUE(segmenter.large().empty()) << size;
    }
}

TEST(Segmentation, ThresholdOffsetCHoldsOnEitherSideOfZero) {
    const cv::Mat flat(120, 160, CV_8UC3, cv::Scalar(128, 128, 128));
    for (const double c : {1.0, 12.0, 0.0, -5.0}) {
        SegmentationConfig config;
        config.polarity = Polarity::Both;
        config.c = c;
        AdaptiveThresholdSegmenter segmenter(config);
        segmenter.threshold(flat);
        const int expected = c >= 1.0 ? 0 : flat.rows * flat.cols;
        EXPECT_EQ(cv::countNonZero(segmenter.mask()), expected) << "c = " << c;
        EXPECT_EQ(cv::countNonZero(segmenter.lightMask()), expected) << "c = " << c;
    }
    // A dark and a light square: each is ink of its own polarity only.
    cv::Mat page = flat.clone();
    cv::rectangle(page, cv::Rect(30, 50, 12, 12), cv::Scalar::all(40), cv::FILLED);
    cv::rectangle(page, cv::Rect(110, 50, 12, 12), cv::Scalar::all(220), cv::FILLED);
    SegmentationConfig config;
    config.polarity = Polarity::Both;
    AdaptiveThresholdSegmenter segmenter(config);
    segmenter.threshold(page);
    EXPECT_EQ(segmenter.mask().at<uchar>(56, 36), 255);
    EXPECT_EQ(segmenter.lightMask().at<uchar>(56, 36), 0);
    EXPECT_EQ(segmenter.lightMask().at<uchar>(56, 116), 255);
    EXPECT_EQ(segmenter.mask().at<uchar>(56, 116), 0);
}

}  // namespace
}  // namespace digitcam
