#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "digitcam/outputs.hpp"
#include "test_support.hpp"

namespace digitcam {
namespace {

FrameResult sample() {
    FrameResult r;
    r.index = 12;
    r.time_ms = 480.04;
    r.source = "clips/\"odd\" name\\ü.mp4";
    r.size = {1280, 720};
    r.candidates = 5;
    r.not_digits = 3;
    r.pieces_left_out = 40;
    r.digits = {{cv::Rect(10, 20, 30, 50), 7, 0.99349f}, {cv::Rect(45, 21, 28, 49), 1, 0.9f}};
    r.numbers = {{"71", cv::Rect(10, 20, 63, 50), 0.894f, r.digits}};
    r.latency_ms = 6.234;
    return r;
}

// The JSON Lines contract of README "JSON output": these keys, these types, in this order.
TEST(Json, FrameObjectFollowsTheContract) {
    const auto j = toJson(sample());
    std::vector<std::string> keys;
    for (const auto& [key, value] : j.items()) keys.push_back(key);
    EXPECT_EQ(keys,
              (std::vector<std::string>{"frame", "source", "time_ms", "width", "height", "candidates",
                                        "not_digits", "pieces_left_out", "digits", "numbers", "latency_ms"}));
    EXPECT_EQ(j["frame"], 12);
    EXPECT_EQ(j["source"], "clips/\"odd\" name\\ü.mp4");
    EXPECT_DOUBLE_EQ(j["time_ms"].get<double>(), 480.0);
    EXPECT_EQ(j["width"], 1280);
    EXPECT_EQ(j["height"], 720);
    EXPECT_EQ(j["candidates"], 5);
    EXPECT_EQ(j["not_digits"], 3);
    EXPECT_EQ(j["pieces_left_out"], 40);
    ASSERT_EQ(j["digits"].size(), 2u);
    EXPECT_EQ(j["digits"][0]["box"], nlohmann::json::array({10, 20, 30, 50}));
    EXPECT_EQ(j["digits"][0]["digit"], 7);
    EXPECT_DOUBLE_EQ(j["digits"][0]["conf"].get<double>(), 0.993);
    ASSERT_EQ(j["numbers"].size(), 1u);
    EXPECT_EQ(j["numbers"][0]["text"], "71");
    EXPECT_EQ(j["numbers"][0]["box"], nlohmann::json::array({10, 20, 63, 50}));
    EXPECT_DOUBLE_EQ(j["numbers"][0]["conf"].get<double>(), 0.894);
    EXPECT_DOUBLE_EQ(j["latency_ms"].get<double>(), 6.2);
}

// With tracing (cam --debug) every region's fate follows, last; without it there is no "trace" key.
TEST(Json, TraceIsWrittenOnlyWhenTraced) {
    FrameResult r = sample();
    r.trace = {{cv::Rect(10, 20, 30, 50), Verdict::Digit, 7, 0.99349f},
               {cv::Rect(80, 20, 30, 50), Verdict::NotADigit, 10, 0.8f},
               {cv::Rect(5, 75, 90, 3), Verdict::Mark}};
    const auto j = toJson(r);
    std::string last;
    for (const auto& [key, value] : j.items()) last = key;
    EXPECT_EQ(last, "trace");
    ASSERT_EQ(j["trace"].size(), 3u);
    EXPECT_EQ(j["trace"][0]["box"], nlohmann::json::array({10, 20, 30, 50}));
    EXPECT_EQ(j["trace"][0]["verdict"], "digit");
    EXPECT_EQ(j["trace"][0]["class"], 7);
    EXPECT_DOUBLE_EQ(j["trace"][0]["conf"].get<double>(), 0.993);
    EXPECT_EQ(j["trace"][1]["verdict"], "not_a_digit");
    EXPECT_EQ(j["trace"][1]["class"], 10);
    EXPECT_EQ(j["trace"][2]["verdict"], "mark");
    EXPECT_FALSE(j["trace"][2].contains("class"));
    EXPECT_FALSE(toJson(sample()).contains("trace"));
}

TEST(Json, WriterWritesOneParsableLinePerFrame) {
    const auto path = test::tempDir() / "out.jsonl";
    {
        JsonLinesWriter writer(path.string());
        FrameResult r = sample();
        for (int i = 0; i < 3; ++i) {
            r.index = i;
            writer.write(r);
        }
    }
    std::ifstream in(path);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line);  // throws on a broken line
        EXPECT_EQ(j["frame"], n);
        EXPECT_EQ(j["source"], "clips/\"odd\" name\\ü.mp4");
        ++n;
    }
    EXPECT_EQ(n, 3);
}

TEST(Json, UnwritableTargetIsNamed) {
    try {
        JsonLinesWriter writer("/nonexistent/dir/out.jsonl");
        FAIL() << "no OutputError";
    } catch (const OutputError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/out.jsonl"), std::string::npos);
    }
}

}  // namespace
}  // namespace digitcam
