#include "digitcam/preview_window.hpp"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <opencv2/highgui.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace digitcam {
namespace {
constexpr const char* kWindow = "DigitCam";
constexpr int kEsc = 27;
}  // namespace

PreviewWindow::PreviewWindow(std::filesystem::path snapshot_dir, double playback_fps, bool debug_view)
    : snapshot_dir_(std::move(snapshot_dir)), next_show_(Clock::now()), debug_view_(debug_view) {
    if (playback_fps > 0) {
        frame_interval_ =
            std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / playback_fps));
    }
    cv::namedWindow(kWindow, cv::WINDOW_NORMAL | cv::WINDOW_KEEPRATIO | cv::WINDOW_GUI_NORMAL);
}

PreviewWindow::~PreviewWindow() {
    cv::destroyWindow(kWindow);
}

bool PreviewWindow::displayAvailable() {
    const char* x = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (wayland && *wayland);
}

bool PreviewWindow::show(const cv::Mat& image, std::int64_t index, std::stop_token stop) {
    if (!sized_) {
        // The frame's own size, but no wider than 1280 px: a 4K camera should fit a laptop screen.
        const double fit = std::min(1.0, 1280.0 / image.cols);
        cv::resizeWindow(kWindow, cvRound(image.cols * fit), cvRound(image.rows * fit));
        sized_ = true;
    }
    cv::imshow(kWindow, image);
    int wait_ms = 1;
    if (frame_interval_ > Clock::duration::zero()) {
        // Behind schedule (slow processing) the clock restarts from now rather than rushing to catch up.
        next_show_ = std::max(next_show_ + frame_interval_, Clock::now());
        wait_ms = std::max(
            1, static_cast<int>(
                   std::chrono::duration_cast<std::chrono::milliseconds>(next_show_ - Clock::now()).count()));
    }
    const int key = cv::waitKey(wait_ms) & 0xff;
    if (key == 's') snapshot(image, index);
    if (key == 'd') {
        debug_view_ = !debug_view_;
        spdlog::info("debug view {}", debug_view_ ? "on" : "off");
    }
    if (key == ' ' && !pause(image, index, stop)) return false;
    return key != 'q' && key != kEsc && !closed();
}

bool PreviewWindow::pause(const cv::Mat& image, std::int64_t index, std::stop_token stop) {
    cv::Mat paused = image.clone();
    const double scale = std::max(0.8, image.rows / 540.0);
    cv::putText(paused, "PAUSED (space resumes)", {20, paused.rows - 20}, cv::FONT_HERSHEY_SIMPLEX, scale,
                cv::Scalar(0, 0, 255), std::max(2, cvRound(scale * 2)), cv::LINE_AA);
    cv::imshow(kWindow, paused);
    for (;;) {
        const int key = cv::waitKey(50) & 0xff;
        if (key == 's') snapshot(image, index);
        if (key == ' ') return true;
        if (key == 'q' || key == kEsc || closed() || stop.stop_requested()) return false;
    }
}

bool PreviewWindow::closed() const {
    return cv::getWindowProperty(kWindow, cv::WND_PROP_VISIBLE) < 1;
}

void PreviewWindow::snapshot(const cv::Mat& image, std::int64_t index) const {
    const auto path = snapshot_dir_ / fmt::format("digitcam-{:06d}.png", index);
    if (cv::imwrite(path.string(), image)) {
        spdlog::info("snapshot saved to {}", path.string());
    } else {
        spdlog::error("snapshot: {}: cannot write", path.string());
    }
}

}  // namespace digitcam
