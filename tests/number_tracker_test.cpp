#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "digitcam/number_tracker.hpp"

namespace digitcam {
namespace {

// A number as the reader makes it: digits 20 px wide, 30 px high, 4 px apart, from `x`, `y`.
Number numberAt(const std::string& text, int x, int y) {
    Number n;
    n.text = text;
    for (std::size_t k = 0; k < text.size(); ++k) {
        Digit d;
        d.box = cv::Rect(x + static_cast<int>(k) * 24, y, 20, 30);
        d.label = text[k] - '0';
        d.conf = 0.95f;
        n.digits.push_back(d);
        n.box |= d.box;
    }
    if (!text.empty()) n.box = cv::Rect(x, y, static_cast<int>(text.size()) * 24 - 4, 30);
    n.conf = 0.9f;
    return n;
}

FrameResult frameOf(std::int64_t index, const std::vector<Number>& numbers) {
    FrameResult r;
    r.index = index;
    r.size = {640, 360};
    r.numbers = numbers;
    for (const Number& n : numbers) r.digits.insert(r.digits.end(), n.digits.begin(), n.digits.end());
    return r;
}

std::vector<std::string> texts(const FrameResult& r) {
    std::vector<std::string> out;
    for (const Number& n : r.numbers) out.push_back(n.text);
    return out;
}

const cv::Mat kPage(360, 640, CV_8UC3, cv::Scalar::all(200));

TrackingConfig tracking(int frames) {
    TrackingConfig config;
    config.frames = frames;
    return config;
}

using Texts = std::vector<std::string>;

// A digit misread in one frame of a drifting camera's run: shown as read in the others, where the
// picture has moved to by now, with its digits.
TEST(NumberTracker, AMisreadInAFrameIsShownAsReadMostOften) {
    NumberTracker tracker(tracking(9));
    for (int f = 0; f < 4; ++f) {
        FrameResult r = frameOf(f, {numberAt("4196", 100 + f, 50)});
        tracker.update(kPage, r);
        EXPECT_EQ(texts(r), Texts{"4196"});
    }
    FrameResult misread = frameOf(4, {numberAt("4796", 104, 51)});
    tracker.update(kPage, misread);
    ASSERT_EQ(texts(misread), Texts{"4196"});
    EXPECT_EQ(misread.numbers[0].box, numberAt("4196", 104, 51).box);
    ASSERT_EQ(misread.digits.size(), 4u);
    EXPECT_EQ(misread.digits[1].label, 1);
    EXPECT_EQ(misread.digits[1].box, cv::Rect(128, 51, 20, 30));
    // Without tracking, each frame as read.
    NumberTracker off(tracking(0));
    FrameResult raw = frameOf(4, {numberAt("4796", 104, 51)});
    off.update(kPage, raw);
    EXPECT_EQ(texts(raw), Texts{"4796"});
}

// A number read apart in a frame ("156" "9" of a 1569 whose 9 a speck split off): shown whole, and
// the piece goes with its digit.
TEST(NumberTracker, ANumberReadApartInAFrameIsShownWhole) {
    NumberTracker tracker(tracking(9));
    for (int f = 0; f < 3; ++f) {
        FrameResult r = frameOf(f, {numberAt("1569", 100, 50), numberAt("22", 400, 200)});
        tracker.update(kPage, r);
    }
    Number piece = numberAt("9", 172, 50);
    FrameResult apart = frameOf(3, {numberAt("156", 100, 50), piece, numberAt("22", 400, 200)});
    tracker.update(kPage, apart);
    EXPECT_EQ(texts(apart), (Texts{"1569", "22"}));
    EXPECT_EQ(apart.digits.size(), 6u);
}

// A number read in pieces in a frame ("91" "3" of a 91693 whose 6 was lost), the first piece a small part of
// the whole (its box's IoU with the whole's 0.38): shown whole all the same, the pieces gone with their
// digits. A number beside it on its line, outside its box, is a number of its own.
TEST(NumberTracker, ANumberReadInPiecesIsShownWhole) {
    NumberTracker tracker(tracking(9));
    for (int f = 0; f < 4; ++f) {
        FrameResult r = frameOf(f, {numberAt("91693", 100 + f, 50), numberAt("31", 260 + f, 50)});
        tracker.update(kPage, r);
        EXPECT_EQ(texts(r), (Texts{"91693", "31"}));
    }
    FrameResult pieces =
        frameOf(4, {numberAt("91", 104, 50), numberAt("3", 200, 50), numberAt("31", 264, 50)});
    tracker.update(kPage, pieces);
    EXPECT_EQ(texts(pieces), (Texts{"91693", "31"}));
    EXPECT_EQ(pieces.numbers[0].box, numberAt("91693", 104, 50).box);
    EXPECT_EQ(pieces.digits.size(), 7u);
}

// A number read in pieces in most frames and whole in one (a date "01 06 2024" whose dots blur into its
// digits now and then): the whole is the pieces it is read as most often, each where it was, with its
// digits; not only the piece whose track it took.
TEST(NumberTracker, ANumberReadWholeInAFrameIsShownInThePiecesItIsReadAs) {
    NumberTracker tracker(tracking(9));
    for (int f = 0; f < 4; ++f) {
        FrameResult r = frameOf(f, {numberAt("01", 100 + f, 50), numberAt("06", 160 + f, 50),
                                    numberAt("2024", 220 + f, 50), numberAt("22", 400 + f, 200)});
        tracker.update(kPage, r);
        EXPECT_EQ(texts(r), (Texts{"01", "06", "2024", "22"}));
    }
    Number whole;
    whole.text = "01062024";
    whole.conf = 0.9f;
    for (const Number& piece :
         {numberAt("01", 104, 50), numberAt("06", 164, 50), numberAt("2024", 224, 50)}) {
        whole.digits.insert(whole.digits.end(), piece.digits.begin(), piece.digits.end());
        whole.box = whole.box.empty() ? piece.box : whole.box | piece.box;
    }
    FrameResult merged = frameOf(4, {whole, numberAt("22", 404, 200)});
    tracker.update(kPage, merged);
    EXPECT_EQ(texts(merged), (Texts{"01", "06", "2024", "22"}));
    EXPECT_EQ(merged.numbers[0].box, numberAt("01", 104, 50).box);
    EXPECT_EQ(merged.numbers[1].box, numberAt("06", 164, 50).box);
    EXPECT_EQ(merged.digits.size(), 10u);
}

// A reading that changes for good (a meter's last digit ticks over) shows once it is the most frequent
// over the window: after half of it.
TEST(NumberTracker, ANewReadingShowsOnceItIsTheMostFrequent) {
    NumberTracker tracker(tracking(5));
    std::vector<std::string> shown;
    for (int f = 0; f < 10; ++f) {
        FrameResult r = frameOf(f, {numberAt(f < 5 ? "0815" : "0816", 100, 50)});
        tracker.update(kPage, r);
        shown.push_back(r.numbers.at(0).text);
    }
    EXPECT_EQ(shown, (Texts{"0815", "0815", "0815", "0815", "0815", "0815", "0815", "0816", "0816", "0816"}));
}

// When the picture changes at once (a cut, or a quick pan), what was read before is forgotten: a new
// number in the same place shows as read from its first frame.
TEST(NumberTracker, ACutStartsOver) {
    const cv::Mat other(360, 640, CV_8UC3, cv::Scalar::all(120));
    for (const bool cut : {false, true}) {
        NumberTracker tracker(tracking(9));
        for (int f = 0; f < 5; ++f) {
            FrameResult r = frameOf(f, {numberAt("45", 100, 50)});
            tracker.update(kPage, r);
        }
        FrameResult next = frameOf(5, {numberAt("46", 100, 50)});
        tracker.update(cut ? other : kPage, next);
        EXPECT_EQ(texts(next), Texts{cut ? "46" : "45"}) << (cut ? "after a cut" : "in one scene");
    }
}

// A number seen last longer ago than the window is forgotten, and numbers elsewhere are left alone.
TEST(NumberTracker, OnlyTheSameNumberInTheWindowVotes) {
    NumberTracker tracker(tracking(3));
    for (int f = 0; f < 3; ++f) {
        FrameResult r = frameOf(f, {numberAt("777", 100, 50)});
        tracker.update(kPage, r);
    }
    FrameResult later = frameOf(6, {numberAt("717", 100, 50), numberAt("12", 300, 50)});
    tracker.update(kPage, later);
    EXPECT_EQ(texts(later), (Texts{"717", "12"}));
    FrameResult moved = frameOf(7, {numberAt("777", 300, 200)});
    tracker.update(kPage, moved);
    EXPECT_EQ(texts(moved), Texts{"777"});
}

// A number read in most of the last frames but not in this one (a frame blurred by a jolt) is still
// shown, as read most often and with its digits, until fewer than half of the window's frames read it;
// one read unsurely (a plate's letters read as digits now and then) is not, nor one whose place something
// else read this frame.
TEST(NumberTracker, ANumberNotReadInAFrameIsShownWhileMostOfTheWindowReadIt) {
    NumberTracker tracker(tracking(9));
    for (int f = 0; f < 6; ++f) {
        Number unsure = numberAt("117", 100, 250);
        unsure.conf = 0.6f;
        FrameResult r =
            frameOf(f, {numberAt(f == 2 ? "4186" : "4196", 100, 50), numberAt("77", 300, 200), unsure});
        tracker.update(kPage, r);
        ASSERT_EQ(r.numbers.size(), 3u);
    }
    // Frames 0-5 read it: at frame f, those within the window are frames f-8 to 5.
    for (int f = 6; f < 11; ++f) {
        FrameResult r = frameOf(f, {numberAt("77", 300, 200)});
        tracker.update(kPage, r);
        if (f < 10) {
            EXPECT_EQ(texts(r), (Texts{"4196", "77"})) << "frame " << f;
            EXPECT_EQ(r.digits.size(), 6u) << "frame " << f;
        } else {
            EXPECT_EQ(texts(r), Texts{"77"}) << "frame " << f << ": four of the last nine frames read it";
        }
    }
    NumberTracker other(tracking(9));
    for (int f = 0; f < 6; ++f) {
        FrameResult r = frameOf(f, {numberAt("4196", 100, 50)});
        other.update(kPage, r);
    }
    FrameResult moved = frameOf(6, {numberAt("23", 150, 60)});  // overlaps it, too little to be it
    other.update(kPage, moved);
    EXPECT_EQ(texts(moved), Texts{"23"});
}

}  // namespace
}  // namespace digitcam
