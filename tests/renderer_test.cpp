// The overlay: what it draws, and the heads-up display's line.
#include <gtest/gtest.h>

#include "digitcam/renderer.hpp"

namespace digitcam {
namespace {

TEST(Renderer, TheHudSaysARateIsNotMeasuredRatherThanZero) {
    EXPECT_EQ(hudText({29.97, 101.4, 11.6, 3}),
              "capture 30.0 fps | process 101.4 fps | latency 12 ms | dropped 3");
    // A still image: one frame, no rate yet.
    EXPECT_EQ(hudText({0.0, 0.0, 18.2, 0}), "capture - fps | process - fps | latency 18 ms | dropped 0");
}

TEST(Renderer, DrawsEachDigitAndNumberAndTheHud) {
    FrameResult result;
    result.digits.push_back({cv::Rect(100, 100, 30, 50), 4, 0.9f});
    result.numbers.push_back({"4", cv::Rect(100, 100, 30, 50), 0.9f, result.digits});
    const cv::Mat blank(240, 320, CV_8UC3, cv::Scalar::all(255));
    auto changed = [&](const RenderConfig& config, const cv::Rect& where) {
        cv::Mat image = blank.clone();
        OverlayRenderer(config).draw(image, result, {25.0, 25.0, 10.0, 0});
        cv::Mat diff;
        cv::absdiff(image(where), blank(where), diff);
        return cv::countNonZero(diff.reshape(1)) > 0;
    };
    RenderConfig config;
    EXPECT_TRUE(changed(config, cv::Rect(0, 0, 320, 12)));   // the HUD, at the top
    EXPECT_TRUE(changed(config, cv::Rect(94, 94, 42, 62)));  // the boxes
    config.hud = false;
    EXPECT_FALSE(changed(config, cv::Rect(0, 0, 320, 12)));
}

}  // namespace
}  // namespace digitcam
