#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "digitcam/number_reader.hpp"

namespace digitcam {
namespace {

Digit digit(int label, int x, int y, int w = 30, int h = 50, float conf = 0.99f) {
    return {cv::Rect(x, y, w, h), label, conf};
}

std::vector<std::string> texts(const std::vector<Number>& numbers) {
    std::vector<std::string> out;
    for (const auto& n : numbers) out.push_back(n.text);
    return out;
}

TEST(NumberReader, ReadsLeftToRightWhateverTheInputOrder) {
    const NumberReader reader(ReadingConfig{});
    const auto numbers =
        reader.read({digit(9, 80, 10), digit(1, 10, 12), digit(0, 120, 8), digit(9, 45, 11)});
    ASSERT_EQ(numbers.size(), 1u);
    EXPECT_EQ(numbers[0].text, "1990");
    EXPECT_EQ(numbers[0].box, cv::Rect(10, 8, 140, 54));
    EXPECT_NEAR(numbers[0].conf, 0.99 * 0.99 * 0.99 * 0.99, 1e-5);
    EXPECT_EQ(numbers[0].digits.size(), 4u);
}

TEST(NumberReader, AGapWiderThanMaxGapSplitsNumbers) {
    ReadingConfig config;
    config.max_gap = 0.8;  // 40 px for 50 px digits
    const NumberReader reader(config);
    // Gaps: 39 px (same number), then 41 px (new number).
    const auto numbers = reader.read({digit(3, 0, 0), digit(5, 69, 0), digit(4, 140, 0), digit(6, 175, 0)});
    EXPECT_EQ(texts(numbers), (std::vector<std::string>{"35", "46"}));
}

TEST(NumberReader, AOnesRoomAtItsLeftIsNoGap) {
    const NumberReader reader(ReadingConfig{});  // max_gap 0.8: 40 px for 50 px digits
    // A display's 1 lights the right of its 30 px cell: 50 px from the 9, 28 px of it its own.
    Digit one = digit(1, 80, 0, 8);
    EXPECT_EQ(texts(reader.read({digit(9, 0, 0), one, digit(0, 98, 0)})),
              (std::vector<std::string>{"9", "10"}));
    one.lead = 22;
    EXPECT_EQ(texts(reader.read({digit(9, 0, 0), one, digit(0, 98, 0)})), (std::vector<std::string>{"910"}));
}

TEST(NumberReader, AOnesRoomNeverSetsItOverTheDigitBeforeIt) {
    const NumberReader reader(ReadingConfig{});
    // A tabular 1 of print given its cell's room, set 2 px after the 9: counted from its room's left, it
    // would overlap the 9 by most of a digit.
    Digit one = digit(1, 32, 0, 8);
    one.lead = 30;
    EXPECT_EQ(texts(reader.read({digit(9, 0, 0), one, digit(0, 50, 0)})), (std::vector<std::string>{"910"}));
}

TEST(NumberReader, ASpaceBetweenWordsSplitsANumber) {
    const NumberReader reader(ReadingConfig{});  // max_gap 0.8: 40 px for 50 px digits
    // A number written with 5 px gaps after a letter read as a digit: a gap of 32 px (the usual 5 and
    // over half a digit's height more) is a space; one of 20 px is not.
    auto line = [](int space) {
        std::vector<Digit> out{digit(0, 0, 0)};
        int x = 30 + space;
        for (const int label : {2, 9, 2, 9}) {
            out.push_back(digit(label, x, 0));
            x += 35;
        }
        return out;
    };
    EXPECT_EQ(texts(reader.read(line(32))), (std::vector<std::string>{"0", "2929"}));
    EXPECT_EQ(texts(reader.read(line(20))), (std::vector<std::string>{"02929"}));
    // Uneven handwriting is no space: the widest gap (25 px) beside others of 5 to 15.
    EXPECT_EQ(texts(reader.read(
                  {digit(1, 0, 0), digit(2, 35, 0), digit(3, 80, 0), digit(4, 135, 0), digit(5, 175, 0)})),
              (std::vector<std::string>{"12345"}));
    // Nor are gaps all as wide (35 px), or one wide gap between two digits only.
    EXPECT_EQ(texts(reader.read({digit(1, 0, 0), digit(2, 65, 0), digit(3, 130, 0)})),
              (std::vector<std::string>{"123"}));
    EXPECT_EQ(texts(reader.read({digit(1, 0, 0), digit(2, 68, 0)})), (std::vector<std::string>{"12"}));
}

TEST(NumberReader, LinesTopToBottomEachLeftToRight) {
    const NumberReader reader(ReadingConfig{});
    const auto numbers = reader.read({
        digit(7, 300, 205), digit(1, 335, 200),  // line 2, right
        digit(4, 10, 200), digit(2, 45, 203),    // line 2, left
        digit(5, 200, 10), digit(8, 235, 12),    // line 1
    });
    EXPECT_EQ(texts(numbers), (std::vector<std::string>{"58", "42", "71"}));
}

TEST(NumberReader, LinesOfATiltedPageKeepTheirOrderAcrossIt) {
    // A page turned about 3 degrees: each line rises 5 px for each 100 px to the right. The centre of
    // line 2's right number stands higher in the frame than the top of its left one (by 11 px).
    const auto tilted = [](int label, int x, int line_y) { return digit(label, x, line_y - x / 20); };
    const NumberReader reader(ReadingConfig{});
    const std::vector<Digit> page = {
        tilted(1, 100, 150), tilted(9, 135, 150), tilted(9, 170, 150),  // line 1, left
        tilted(2, 100, 240), tilted(0, 135, 240), tilted(7, 170, 240),  // line 2, left
        tilted(0, 820, 240), tilted(8, 855, 240), tilted(1, 890, 240),  // line 2, right
        tilted(4, 100, 330), tilted(6, 135, 330),                       // line 3
    };
    EXPECT_EQ(texts(reader.read(page)), (std::vector<std::string>{"199", "207", "081", "46"}));
    // Level, the same page reads the same.
    std::vector<Digit> level;
    for (Digit d : page) {
        d.box.y += d.box.x / 20;
        level.push_back(d);
    }
    EXPECT_EQ(texts(reader.read(level)), (std::vector<std::string>{"199", "207", "081", "46"}));
}

TEST(NumberReader, DigitsOfOneLineMayDriftDownward) {
    // A slightly tilted line: each digit 12 px lower than the last, 60 px lower in all.
    std::vector<Digit> digits;
    for (int i = 0; i < 6; ++i) digits.push_back(digit(i, i * 35, 100 + i * 12));
    const auto numbers = NumberReader(ReadingConfig{}).read(digits);
    ASSERT_EQ(numbers.size(), 1u);
    EXPECT_EQ(numbers[0].text, "012345");
}

TEST(NumberReader, LeaningNeighboursMayOverlapALittle) {
    const NumberReader reader(ReadingConfig{});
    // A 7 whose foot slants left under a slim 1 (the 1's ink 11 px wide, 48 tall): their boxes overlap
    // by 6 px, more than half the 1's box but not half the room a 1 takes in a line (a third of its height).
    EXPECT_EQ(texts(reader.read(
                  {digit(7, 106, 461, 43, 51), digit(1, 143, 455, 11, 48), digit(2, 172, 456, 40, 47)})),
              (std::vector<std::string>{"712"}));
    // Two digits of common width overlapping by most of one are not neighbours in a number.
    EXPECT_EQ(texts(reader.read({digit(7, 0, 0), digit(1, 12, 0)})), (std::vector<std::string>{"7", "1"}));
    EXPECT_EQ(texts(reader.read({digit(7, 0, 0), digit(1, 20, 0, 11, 48)})),
              (std::vector<std::string>{"7", "1"}));
}

TEST(NumberReader, VeryDifferentHeightsAreDifferentNumbers) {
    const NumberReader reader(ReadingConfig{});
    // A small digit next to one three times as tall: a superscript, a footnote, not the same number.
    const auto numbers = reader.read({digit(7, 0, 0, 40, 150), digit(2, 50, 100, 15, 40)});
    EXPECT_EQ(numbers.size(), 2u);
}

TEST(NumberReader, MinDigitsDropsShortNumbers) {
    ReadingConfig config;
    config.min_digits = 2;
    const auto numbers = NumberReader(config).read({digit(1, 0, 0), digit(2, 35, 0), digit(3, 400, 0)});
    EXPECT_EQ(texts(numbers), (std::vector<std::string>{"12"}));
}

TEST(NumberReader, NoDigitsNoNumbers) {
    EXPECT_TRUE(NumberReader(ReadingConfig{}).read({}).empty());
}

// Digits 50 px tall, 30 wide, gaps of 20 px: one number without marks.
std::vector<Digit> fourDigits(bool light = false) {
    std::vector<Digit> d;
    for (int i = 0; i < 4; ++i) d.push_back({cv::Rect(i * 50, 0, 30, 50), i + 1, 0.99f, light});
    return d;
}

TEST(NumberReader, DotsDashesAndLettersBetweenDigitsSplitNumbers) {
    const NumberReader reader(ReadingConfig{});
    ASSERT_EQ(texts(reader.read(fourDigits())), (std::vector<std::string>{"1234"}));
    // A dot on the baseline between 2 and 3 (the gap is x 80..100).
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(86, 42, 7, 7)}})),
              (std::vector<std::string>{"12", "34"}));
    // A dot tucked under the 2's overhang (its box ends at x 80), and one a pixel from tight type.
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(78, 43, 6, 6)}})),
              (std::vector<std::string>{"12", "34"}));
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(81, 45, 4, 4)}})),
              (std::vector<std::string>{"12", "34"}));
    // A dot wholly below the 2's box, under its right side (a 9's loop reaching past its tail); the
    // same dot inside the box is ink of the 2's foot (SpecksRulesAndTheOtherPolarityDoNotSplit).
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(74, 51, 6, 6)}})),
              (std::vector<std::string>{"12", "34"}));
    // ... and one only partly below it, reaching past its foot (a 4 whose bar reaches further right).
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(75, 47, 6, 6)}})),
              (std::vector<std::string>{"12", "34"}));
    // A dash halfway up, and a short one that blur has thickened (a hyphen of small bold type: 9 x 5 px
    // between digits 25 px tall).
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(84, 23, 12, 4)}})),
              (std::vector<std::string>{"12", "34"}));
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(82, 20, 16, 10)}})),
              (std::vector<std::string>{"12", "34"}));
    // A blurred hyphen of tight type whose box reaches the next digit's (or the one's before), clear of
    // the other.
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(84, 23, 16, 4)}})),
              (std::vector<std::string>{"12", "34"}));
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(80, 23, 14, 4)}})),
              (std::vector<std::string>{"12", "34"}));
    // Something glyph-sized the classifier called "not a digit" (a letter, a slash).
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(132, 0, 16, 50)}})),
              (std::vector<std::string>{"123", "4"}));
}

// A number is written in one ink: a digit of the other polarity beside it (a light sliver beside a dark
// stroke, read as a 1) is no part of it, and cannot hide a separator between its neighbours.
TEST(NumberReader, ANumberIsOfOneInk) {
    const NumberReader reader(ReadingConfig{});
    std::vector<Digit> digits = fourDigits();
    digits[2].light_on_dark = true;
    EXPECT_EQ(texts(reader.read(digits)), (std::vector<std::string>{"12", "3", "4"}));
    // A dark dot between a dark 7 and a dark 5, with a light 1 read between them: "7" and "5" (and the 1).
    const std::vector<Digit> amount{
        digit(7, 0, 0), {cv::Rect(32, 10, 4, 40), 1, 0.9f, true}, digit(5, 60, 0)};
    EXPECT_EQ(texts(reader.read(amount, {{cv::Rect(44, 42, 7, 7)}})),
              (std::vector<std::string>{"7", "1", "5"}));
}

TEST(NumberReader, SpecksRulesAndTheOtherPolarityDoNotSplit) {
    const NumberReader reader(ReadingConfig{});
    const std::vector<std::string> one{"1234"};
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(88, 40, 3, 3)}})), one);  // a speck
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(80, 46, 20, 3)}})),
              one);  // a rule's piece on the baseline
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(76, 44, 6, 6)}})), one);  // ink of the 2's foot
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(84, 12, 12, 4)}})),
              one);  // a broken 5's bar, high up
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(85, 20, 10, 10)}})), one);  // a blot halfway up
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(0, 52, 200, 3)}})), one);   // an underline
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(80, 24, 20, 3)}})),
              one);  // a rule touching both digits
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(78, 24, 16, 3)}})),
              one);  // ... or crossing into one of them
    EXPECT_EQ(texts(reader.read(fourDigits(), {{cv::Rect(84, 23, 12, 4), true}})), one);  // a light dash
    EXPECT_EQ(texts(reader.read(fourDigits(true), {{cv::Rect(84, 23, 12, 4), true}})),
              (std::vector<std::string>{"12", "34"}));
    // A piece of a faint ruled line halfway up, 2 px thick between digits written with a 6 px pen; a
    // dash of their pen splits them.
    std::vector<Digit> bold = fourDigits();
    for (Digit& d : bold) d.stroke = 6;
    EXPECT_EQ(texts(reader.read(bold, {{cv::Rect(84, 24, 12, 2)}})), one);
    EXPECT_EQ(texts(reader.read(bold, {{cv::Rect(84, 22, 12, 5)}})), (std::vector<std::string>{"12", "34"}));
}

// A dot must stand out about as much as the digits beside it: a speck of grime half as dark is no
// decimal point. Blur fades a small dot (under 5 px) the more the smaller it is, so one that small is
// judged against a bar lowered in proportion to its width: half as dark it still splits, a speck a fifth
// as dark (a stray touch of the pen beside a handwritten 9, read as a decimal point) does not.
TEST(NumberReader, AFaintSpeckIsNoDot) {
    const NumberReader reader(ReadingConfig{});
    std::vector<Digit> inked = fourDigits();
    for (Digit& d : inked) d.contrast = 120.f;
    inked[2].contrast = 100.f;  // the fainter of the two beside the gap sets the bar
    const std::vector<std::string> one{"1234"}, two{"12", "34"};
    EXPECT_EQ(texts(reader.read(inked, {{cv::Rect(86, 42, 7, 7), false, 55.f}})), two);
    EXPECT_EQ(texts(reader.read(inked, {{cv::Rect(86, 42, 7, 7), false, 45.f}})), one);
    EXPECT_EQ(texts(reader.read(inked, {{cv::Rect(87, 43, 5, 5), false, 45.f}})), one);
    EXPECT_EQ(texts(reader.read(inked, {{cv::Rect(87, 44, 4, 4), false, 45.f}})), two);  // small print's
    EXPECT_EQ(texts(reader.read(inked, {{cv::Rect(87, 44, 4, 4), false, 20.f}})), one);
    EXPECT_EQ(texts(reader.read(inked, {{cv::Rect(87, 44, 4, 3), false, 35.f}})), two);
    EXPECT_EQ(texts(reader.read(inked, {{cv::Rect(87, 44, 4, 3), false, 25.f}})), one);
    // Where the dot's or a digit's contrast is unknown (0: a join's), the dot splits as before.
    EXPECT_EQ(texts(reader.read(inked, {{cv::Rect(86, 42, 7, 7), false, 0.f}})), two);
    inked[1].contrast = 0.f;
    EXPECT_EQ(texts(reader.read(inked, {{cv::Rect(86, 42, 7, 7), false, 45.f}})), two);
}

TEST(NumberReader, ALoneDigitTightAgainstALetterIsPartOfAWord) {
    // "Tel" misread: T as a 7 and l as a 1, the e between them "not a digit" (a mark).
    const std::vector<Digit> tel{{cv::Rect(0, 0, 30, 50), 7, 0.9f}, {cv::Rect(70, 0, 10, 50), 1, 0.9f}};
    const std::vector<Mark> e{{cv::Rect(35, 15, 30, 35)}};
    EXPECT_TRUE(texts(NumberReader(ReadingConfig{}).read(tel, e)).empty());
    ReadingConfig words;
    words.digits_in_words = true;
    EXPECT_EQ(texts(NumberReader(words).read(tel, e)), (std::vector<std::string>{"7", "1"}));

    const NumberReader reader(ReadingConfig{});
    // Numbers of several digits beside letters (a plate's "AB12") stay numbers.
    const std::vector<Digit> ab12{{cv::Rect(100, 0, 30, 50), 1, 0.9f}, {cv::Rect(140, 0, 30, 50), 2, 0.9f}};
    EXPECT_EQ(texts(reader.read(ab12, {{cv::Rect(60, 0, 32, 50)}})), (std::vector<std::string>{"12"}));
    // A lone digit a word's space away from a letter, or beside ink of the other polarity, stays.
    const std::vector<Digit> five{{cv::Rect(100, 0, 30, 50), 5, 0.9f}};
    EXPECT_EQ(texts(reader.read(five, {{cv::Rect(50, 0, 30, 50)}})), (std::vector<std::string>{"5"}));
    EXPECT_EQ(texts(reader.read(five, {{cv::Rect(66, 0, 30, 50), true}})), (std::vector<std::string>{"5"}));
    // A speck beside it is no letter.
    EXPECT_EQ(texts(reader.read(five, {{cv::Rect(92, 40, 5, 5)}})), (std::vector<std::string>{"5"}));
}

TEST(NumberReader, AOneMuchShorterThanItsNumbersDigitsIsLeftOut) {
    const NumberReader reader(ReadingConfig{});
    // A stroke 30 px tall among 50 px digits (a broken stroke, a piece of a letter): 0.6 of them.
    std::vector<Digit> left_out;
    std::vector<Digit> slashes;
    const auto numbers = reader.read(
        {digit(4, 0, 0), digit(1, 36, 20, 8, 30), digit(7, 50, 0), digit(2, 86, 0)}, {}, &left_out, &slashes);
    EXPECT_EQ(texts(numbers), (std::vector<std::string>{"472"}));
    ASSERT_EQ(left_out.size(), 1u);
    EXPECT_EQ(left_out[0].box, cv::Rect(36, 20, 8, 30));
    EXPECT_TRUE(slashes.empty());  // left out as doubtful, not as a date's slash
    // A 1 as tall as the others stays; so does a short digit that is not a 1 (its shape vouches for it),
    // and a 1 of 0.8 of the others' height, as handwriting has.
    EXPECT_EQ(texts(reader.read({digit(4, 0, 0), digit(1, 36, 0, 8, 50), digit(7, 50, 0)})),
              (std::vector<std::string>{"417"}));
    EXPECT_EQ(texts(reader.read({digit(4, 0, 0), digit(5, 36, 20, 20, 30), digit(7, 62, 0)})),
              (std::vector<std::string>{"457"}));
    EXPECT_EQ(texts(reader.read({digit(4, 0, 0), digit(1, 36, 10, 8, 40), digit(7, 50, 0)})),
              (std::vector<std::string>{"417"}));
}

TEST(NumberReader, ALoneOneIsLeftOutUnlessLoneOnes) {
    // A 1 with no other digit on its line: a border's piece, a letter l. Other digits elsewhere do not
    // vouch for it.
    const std::vector<Digit> digits{digit(1, 0, 0, 8, 50), digit(3, 0, 200), digit(4, 36, 200)};
    std::vector<Digit> left_out;
    EXPECT_EQ(texts(NumberReader(ReadingConfig{}).read(digits, {}, &left_out)),
              (std::vector<std::string>{"34"}));
    EXPECT_EQ(left_out.size(), 1u);
    ReadingConfig lone;
    lone.lone_ones = true;
    EXPECT_EQ(texts(NumberReader(lone).read(digits)), (std::vector<std::string>{"1", "34"}));
    // A 1 alone as a number but with digits on its line (a date's day, "1 May 2024") stays, as does any
    // other lone digit.
    EXPECT_EQ(
        texts(
            NumberReader(ReadingConfig{}).read({digit(1, 0, 0, 8, 50), digit(3, 200, 0), digit(4, 236, 0)})),
        (std::vector<std::string>{"1", "34"}));
    EXPECT_EQ(texts(NumberReader(ReadingConfig{}).read({digit(7, 0, 0)})), (std::vector<std::string>{"7"}));
    // Two lone 1s do not vouch for each other (the broken sides of a box); a number of 1s does ("11"
    // beside a lone 1).
    EXPECT_TRUE(NumberReader(ReadingConfig{}).read({digit(1, 0, 0, 4, 40), digit(1, 500, 0, 4, 40)}).empty());
    EXPECT_EQ(texts(NumberReader(ReadingConfig{})
                        .read({digit(1, 0, 0, 8, 50), digit(1, 200, 0, 8, 50), digit(1, 220, 0, 8, 50)})),
              (std::vector<std::string>{"1", "11"}));
}

// A box's side, broken, beside a number written with a bolder pen: its pieces are upright bars read as
// 1s, but thinner than half the pen's stroke.
TEST(NumberReader, AThinUprightBarBesideBolderDigitsIsLeftOut) {
    auto pen = [](Digit d, double stroke) {
        d.stroke = stroke;
        return d;
    };
    const NumberReader reader(ReadingConfig{});
    using Texts = std::vector<std::string>;
    const Digit nine = pen(digit(9, 0, 0), 8);
    const Digit two = pen(digit(2, 36, 0), 8);
    std::vector<Digit> left_out;
    EXPECT_EQ(texts(reader.read({nine, two, pen(digit(1, 72, 0, 3, 50), 2)}, {}, &left_out)), Texts{"92"});
    EXPECT_EQ(left_out.size(), 1u);
    // A piece alone on the number's line, too.
    EXPECT_EQ(texts(reader.read({nine, two, pen(digit(1, 200, 0, 3, 50), 2)})), Texts{"92"});
    // A 1 written with the same pen stays, and so does a thin one that leans or wavers (its box several
    // strokes wide).
    EXPECT_EQ(texts(reader.read({nine, two, pen(digit(1, 72, 0, 8, 50), 7)})), Texts{"921"});
    EXPECT_EQ(texts(reader.read({nine, two, pen(digit(1, 72, 0, 14, 50), 3)})), Texts{"921"});
    // So does an upright one under half their pen that is about as tall as they are and no hairline for
    // its height (another pen's 1, as MNIST's writers side by side make; a box's side is a twentieth of
    // it), but not a hairline, nor one shorter than they are.
    EXPECT_EQ(texts(reader.read({nine, two, pen(digit(1, 72, 0, 6, 50), 3.9)})), Texts{"921"});
    EXPECT_EQ(texts(reader.read({nine, two, pen(digit(1, 72, 0, 6, 50), 3.4)})), Texts{"92"});
    EXPECT_EQ(texts(reader.read({nine, two, pen(digit(1, 72, 0, 6, 40), 3.9)})), Texts{"92"});
    // A writer's 1 a little shorter than the digits beside it (0.86 of them: the first 1 of a handwritten
    // "117", left out until the twenty-sixth session) stays.
    EXPECT_EQ(texts(reader.read({nine, two, pen(digit(1, 72, 0, 6, 43), 3.9)})), Texts{"921"});
    // Beside fine print (15 px), a box's side 1.5 px thick is a hairline, though not by its share of the
    // height.
    const Digit small_nine = pen(digit(9, 0, 0, 9, 15), 3.5);
    const Digit small_two = pen(digit(2, 11, 0, 9, 15), 3.5);
    EXPECT_EQ(texts(reader.read({small_nine, small_two, pen(digit(1, 22, 0, 2, 15), 1.5)})), Texts{"92"});
}

TEST(NumberReader, SlashShapedInkIsAStraightStrokeLeaningOver) {
    cv::Mat slash = cv::Mat::zeros(40, 16, CV_8U);
    cv::line(slash, {2, 38}, {13, 1}, cv::Scalar(255), 3);
    EXPECT_TRUE(slashShaped(slash));
    // A bold slash of small type: its thickness is no waver.
    cv::Mat bold = cv::Mat::zeros(22, 14, CV_8U);
    cv::line(bold, {3, 19}, {10, 2}, cv::Scalar(255), 5);
    EXPECT_TRUE(slashShaped(bold));
    // A steep slash (a condensed face, or perspective): leaning 0.12 of its height.
    cv::Mat steep = cv::Mat::zeros(34, 12, CV_8U);
    cv::line(steep, {3, 32}, {7, 1}, cv::Scalar(255), 4);
    EXPECT_TRUE(slashShaped(steep));
    cv::Mat upright = cv::Mat::zeros(40, 10, CV_8U);
    cv::line(upright, {5, 1}, {5, 38}, cv::Scalar(255), 3);
    cv::line(upright, {5, 1}, {1, 6}, cv::Scalar(255), 2);  // a printed 1's flag
    EXPECT_FALSE(slashShaped(upright));
    cv::Mat backslash = cv::Mat::zeros(40, 16, CV_8U);
    cv::line(backslash, {2, 1}, {13, 38}, cv::Scalar(255), 3);
    EXPECT_FALSE(slashShaped(backslash));
    // Leaning as far, but a handwritten 1 with a hook and a foot wavers about its line.
    cv::Mat hand = cv::Mat::zeros(40, 24, CV_8U);
    cv::line(hand, {4, 38}, {14, 4}, cv::Scalar(255), 3);
    cv::line(hand, {14, 4}, {6, 12}, cv::Scalar(255), 3);
    cv::line(hand, {0, 38}, {16, 38}, cv::Scalar(255), 3);
    EXPECT_FALSE(slashShaped(hand));
    EXPECT_FALSE(slashShaped(cv::Mat::zeros(40, 16, CV_8U)));
}

std::vector<Digit> printed(const std::string& text, const std::string& slashes) {
    std::vector<Digit> out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        Digit d = digit(text[i] - '0', static_cast<int>(i) * 22, 0, 18, 30);
        d.slash_shaped = slashes[i] == '/';
        out.push_back(d);
    }
    return out;
}

// A printed line: digits 22 px apart, and dots ('.', 8 px) where a separator is seen. '_' is a dot lost
// to the digit beside it (merged with its foot): it takes no room.
std::pair<std::vector<Digit>, std::vector<Mark>> dotted(const std::string& text) {
    std::vector<Digit> digits;
    std::vector<Mark> marks;
    int x = 0;
    for (const char c : text) {
        if (c == '.') {
            marks.push_back({cv::Rect(x - 2, 25, 5, 5)});
            x += 8;
        } else if (c == ' ') {
            x += 22;
        } else if (c != '_') {
            digits.push_back(digit(c - '0', x, 0, 18, 30));
            x += 22;
        }
    }
    return {digits, marks};
}

TEST(NumberReader, ADateThatLostASeparatorIsStillThreeNumbers) {
    const NumberReader reader(ReadingConfig{});
    auto read = [&](const std::string& text) {
        const auto [digits, marks] = dotted(text);
        return texts(reader.read(digits, marks));
    };
    using T = std::vector<std::string>;
    EXPECT_EQ(read("22.04.2029"), (T{"22", "04", "2029"}));
    EXPECT_EQ(read("22.04_2029"), (T{"22", "04", "2029"}));  // dd mmyyyy
    EXPECT_EQ(read("21_10.2025"), (T{"21", "10", "2025"}));  // ddmm yyyy
    EXPECT_EQ(read("2024.10_31"), (T{"2024", "10", "31"}));  // yyyy mmdd
    // Parts that make no date stay whole, and so do numbers not side by side.
    EXPECT_EQ(read("45.04_2029"), (T{"45", "042029"}));
    EXPECT_EQ(read("22.04_3029"), (T{"22", "043029"}));
    EXPECT_EQ(read("1234.5678"), (T{"1234", "5678"}));
    EXPECT_EQ(read("22   042029"), (T{"22", "042029"}));
}

TEST(NumberReader, ADateWhoseSlashesWereReadAs1sIsThreeNumbers) {
    const NumberReader reader(ReadingConfig{});
    std::vector<Digit> left_out;
    std::vector<Digit> slashes;
    EXPECT_EQ(texts(reader.read(printed("2810912020", "  /  /    "), {}, &left_out, &slashes)),
              (std::vector<std::string>{"28", "09", "2020"}));
    EXPECT_EQ(left_out.size(), 2u);
    ASSERT_EQ(slashes.size(), 2u);
    EXPECT_EQ(slashes[0].box, left_out[0].box);
    EXPECT_EQ(texts(reader.read(printed("20241031", "    / /  "))),  // y/m/d: 2024/0/31 is no date
              (std::vector<std::string>{"20241031"}));
    EXPECT_EQ(texts(reader.read(printed("2024110131", "    /  /  "))),
              (std::vector<std::string>{"2024", "10", "31"}));
    EXPECT_EQ(texts(reader.read(printed("7110124", " /  /  "))), (std::vector<std::string>{"7", "10", "24"}));
    // 1s that are not slash-shaped, or not where a date's slashes go, or parts that are no day and month,
    // keep the number whole.
    EXPECT_EQ(texts(reader.read(printed("2810912020", "          "))),
              (std::vector<std::string>{"2810912020"}));
    EXPECT_EQ(texts(reader.read(printed("2810912020", "  /       "))),
              (std::vector<std::string>{"2810912020"}));
    EXPECT_EQ(texts(reader.read(printed("4514512020", "  /  /    "))),
              (std::vector<std::string>{"4514512020"}));
    EXPECT_EQ(texts(reader.read(printed("12341", "    /"))), (std::vector<std::string>{"12341"}));
    // A long account number with two slanted 1s is no date (and its parts are never read as values).
    EXPECT_EQ(texts(reader.read(printed("99999999999919912020", "             /  /    "))),
              (std::vector<std::string>{"99999999999919912020"}));
}

TEST(NumberReader, ALetterReadAsTwoTouchingDigitsIsPartOfAWord) {
    // A plate's "NRF": the R split into a 1 and a 2, between an N and an F the classifier calls letters.
    std::vector<Digit> r{digit(1, 100, 0, 12, 50), digit(2, 112, 0, 25, 50)};
    for (Digit& d : r) d.split_from = 4;
    const std::vector<Mark> n_and_f{{cv::Rect(60, 0, 34, 50)}, {cv::Rect(142, 0, 30, 50)}};
    std::vector<Digit> left_out;
    EXPECT_TRUE(texts(NumberReader(ReadingConfig{}).read(r, n_and_f, &left_out)).empty());
    EXPECT_EQ(left_out.size(), 2u);
    // Two digits of two pieces of ink are a number, and the marks beside them separators ("AB12").
    r[1].split_from = -1;
    EXPECT_EQ(texts(NumberReader(ReadingConfig{}).read(r, n_and_f)), (std::vector<std::string>{"12"}));
}

}  // namespace
}  // namespace digitcam
