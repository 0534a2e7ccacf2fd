#include "digitcam/renderer.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

namespace digitcam {
namespace {
const cv::Scalar kDigitColour(60, 200, 60);   // green
const cv::Scalar kNumberColour(0, 140, 255);  // orange
const cv::Scalar kTextColour(255, 255, 255);
const cv::Scalar kHudBackground(30, 30, 30);
const cv::Scalar kDarkInk(40, 40, 230);    // red
const cv::Scalar kLightInk(230, 120, 40);  // blue
const cv::Scalar kNotADigit(0, 90, 255);   // orange-red
const cv::Scalar kUnsure(0, 220, 255);     // yellow
const cv::Scalar kMark(170, 170, 170);     // grey
const cv::Scalar kGround(200, 60, 200);    // purple
const cv::Scalar kSplit(230, 230, 0);      // cyan
const cv::Scalar kJoined(255, 0, 160);     // violet
constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;

// Text on a filled box, so it reads on any background. `anchor` is the box's bottom-left corner.
void label(cv::Mat& image, const std::string& text, cv::Point anchor, double scale, int thickness,
           const cv::Scalar& background) {
    int baseline = 0;
    const cv::Size size = cv::getTextSize(text, kFont, scale, thickness, &baseline);
    anchor.x = std::clamp(anchor.x, 0, std::max(0, image.cols - size.width - 4));
    anchor.y =
        std::clamp(anchor.y, size.height + baseline + 4, std::max(size.height + baseline + 4, image.rows));
    const cv::Rect box(anchor.x, anchor.y - size.height - baseline - 4, size.width + 4,
                       size.height + baseline + 4);
    cv::rectangle(image, box, background, cv::FILLED);
    cv::putText(image, text, {anchor.x + 2, anchor.y - baseline - 2}, kFont, scale, kTextColour, thickness,
                cv::LINE_AA);
}
}  // namespace

void OverlayRenderer::drawTrace(cv::Mat& image, const FrameResult& result, const cv::Mat& dark_mask,
                                const cv::Mat& light_mask) const {
    cv::Mat tinted = image.clone();
    if (!dark_mask.empty()) tinted.setTo(kDarkInk, dark_mask);
    if (!light_mask.empty()) tinted.setTo(kLightInk, light_mask);
    cv::addWeighted(image, 0.45, tinted, 0.55, 0.0, image);

    const double scale = std::max(0.4, image.rows / 1080.0);
    for (const Traced& t : result.trace) {
        switch (t.verdict) {
            case Verdict::Digit:
                break;  // draw() shows it
            case Verdict::NotADigit:
                cv::rectangle(image, t.box, kNotADigit, 1);
                label(image, "x", {t.box.x, t.box.y + t.box.height + 1}, 0.6 * scale, 1, kNotADigit);
                break;
            case Verdict::Unsure:
                cv::rectangle(image, t.box, kUnsure, 1);
                label(image, fmt::format("{}? {:.2f}", t.label, t.conf),
                      {t.box.x, t.box.y + t.box.height + 1}, 0.6 * scale, 1, kUnsure);
                break;
            case Verdict::Mark:
                cv::rectangle(image, t.box, kMark, 1);
                break;
            case Verdict::Ground:
                cv::rectangle(image, t.box, kGround, 1);
                break;
            case Verdict::Split:
                cv::rectangle(image, t.box - cv::Point(2, 2) + cv::Size(4, 4), kSplit, 1);
                break;
            case Verdict::Joined:
                cv::rectangle(image, t.box, kJoined, 1);
                break;
        }
    }
    label(image,
          "debug: ink dark=red light=blue | digit green | not a digit orange | unsure yellow | "
          "mark grey | ground purple | split cyan | joined violet",
          {0, image.rows}, 0.5 * scale * 1.6, 1, kHudBackground);
}

OverlayRenderer::OverlayRenderer(RenderConfig config) : config_(config) {}

void OverlayRenderer::draw(cv::Mat& image, const FrameResult& result, const HudStats& hud) const {
    // Text scales with the frame so it stays legible from 480p to 4K.
    const double scale = std::max(0.4, image.rows / 1080.0);
    const int thick = config_.thickness;

    for (const Digit& d : result.digits) {
        cv::rectangle(image, d.box, kDigitColour, thick);
        if (config_.digit_labels) {
            label(image, std::to_string(d.label), {d.box.x, d.box.y + d.box.height + 1}, 0.5 * scale * 1.6, 1,
                  kDigitColour);
        }
    }
    for (const Number& n : result.numbers) {
        const cv::Rect box = n.box - cv::Point(4, 4) + cv::Size(8, 8);
        cv::rectangle(image, box, kNumberColour, thick);
        label(image, n.text, {box.x, box.y - 2}, 1.1 * scale * 1.6, std::max(1, thick), kNumberColour);
    }
    if (config_.hud) label(image, hudText(hud), {0, 0}, 0.55 * scale * 1.6, 1, kHudBackground);
}

std::string hudText(const HudStats& hud) {
    auto rate = [](double fps) { return fps > 0.0 ? fmt::format("{:.1f} fps", fps) : std::string("- fps"); };
    return fmt::format("capture {} | process {} | latency {:.0f} ms | dropped {}", rate(hud.capture_fps),
                       rate(hud.process_fps), hud.latency_ms, hud.dropped);
}

}  // namespace digitcam
