// Draws a frame's results onto the image: a box and label on every digit, each number's text above
// it, and a heads-up display that tells the truth about speed (capture vs processing fps, latency,
// dropped frames).
#pragma once

#include <cstdint>
#include <string>

#include <opencv2/core.hpp>

#include "digitcam/config.hpp"
#include "digitcam/types.hpp"

namespace digitcam {

struct HudStats {
    double capture_fps = 0.0;  // 0: not measured yet (one frame so far, a still image)
    double process_fps = 0.0;
    double latency_ms = 0.0;
    std::int64_t dropped = 0;
};

// The heads-up display's line. A rate not measured yet reads "-", not "0.0 fps".
std::string hudText(const HudStats& hud);

class OverlayRenderer {
  public:
    explicit OverlayRenderer(RenderConfig config);
    void draw(cv::Mat& image, const FrameResult& result, const HudStats& hud) const;
    // The debug view (cam --debug, key d in the window), drawn under draw(): the ink masks tinted over
    // the frame (dark ink red, light ink blue) and every traced region and mark (result.trace) in the
    // colour of its verdict, with a legend.
    void drawTrace(cv::Mat& image, const FrameResult& result, const cv::Mat& dark_mask,
                   const cv::Mat& light_mask) const;

  private:
    RenderConfig config_;
};

}  // namespace digitcam
