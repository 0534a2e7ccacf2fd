// The live window: shows annotated frames, plays video files at their own speed, and turns keys into
// actions: q or Esc quits, space pauses (s still saves while paused), s saves a snapshot, d switches
// the debug view on and off.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stop_token>

#include <opencv2/core.hpp>

#include "digitcam/types.hpp"

namespace digitcam {

class PreviewWindow {
  public:
    // `playback_fps` > 0 paces frames at that rate (a video file); 0 shows them as they come (live).
    PreviewWindow(std::filesystem::path snapshot_dir, double playback_fps, bool debug_view = false);
    ~PreviewWindow();
    PreviewWindow(const PreviewWindow&) = delete;
    PreviewWindow& operator=(const PreviewWindow&) = delete;

    // Shows a frame and handles the keys pressed meanwhile; false when the user wants to stop
    // (q, Esc, the window closed) or `stop` was requested while paused.
    bool show(const cv::Mat& image, std::int64_t index, std::stop_token stop);

    // Whether the user wants the debug view (key d toggles it).
    bool debugView() const { return debug_view_; }

    // True when a display is there to open a window on.
    static bool displayAvailable();

  private:
    void snapshot(const cv::Mat& image, std::int64_t index) const;
    bool closed() const;
    // Holds the frame until space is pressed again; false if the user quits meanwhile.
    bool pause(const cv::Mat& image, std::int64_t index, std::stop_token stop);

    std::filesystem::path snapshot_dir_;
    Clock::duration frame_interval_{};
    Clock::time_point next_show_;
    bool sized_ = false;
    bool debug_view_ = false;
};

}  // namespace digitcam
