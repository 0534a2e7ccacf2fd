// Numbers followed from frame to frame of a video or a camera: each is shown as it was read most often
// over the last frames it stood at its place, so a digit misread, lost or split off in a frame or two,
// or the whole number, does not make the reading flicker.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include <opencv2/core.hpp>

#include "digitcam/config.hpp"
#include "digitcam/types.hpp"

namespace digitcam {

class NumberTracker {
  public:
    explicit NumberTracker(const TrackingConfig& config);

    // Gives each number of `result` (read in `image`) the text, box and digits it was read with most
    // often over the last `frames` frames of its track: the numbers of earlier frames whose boxes it
    // overlaps most, one frame to the next, or, after those, of which it is a part on their line (a piece
    // read apart) or which are a part of it. A number a substituted one covers (a piece of it read apart)
    // is dropped. A number read whole whose track is most often a piece of it (a date read without its
    // dots this frame) shows as its pieces: that one, and what the other tracks within it not read this
    // frame were read as most often. A track read in more than half of the last `frames` frames but not in
    // this one shows as read most often at its last place, unless a number read this frame overlaps it.
    // result.digits follows its numbers. When the picture changes at once (a cut, a quick pan:
    // `scene_change`), the tracks start over. Does nothing when `frames` is 0 or 1.
    void update(const cv::Mat& image, FrameResult& result);

  private:
    struct Reading {
        std::int64_t frame = 0;
        Number number;
    };
    struct Track {
        std::deque<Reading> readings;  // oldest first, all within the last `frames` frames
    };
    int frames_;
    double scene_change_;
    cv::Mat thumbnail_;  // of the last frame, to tell a cut from a camera's drift
    std::vector<Track> tracks_;
};

}  // namespace digitcam
