// Finds regions that may be digits: adaptive threshold, light morphology, the outer contour of each
// ink component, and
// filters on height, aspect and fill, all from SegmentationConfig.
#pragma once

#include <vector>

#include <opencv2/core.hpp>

#include "digitcam/config.hpp"
#include "digitcam/types.hpp"

namespace digitcam {

class AdaptiveThresholdSegmenter {
  public:
    explicit AdaptiveThresholdSegmenter(SegmentationConfig config);

    // Regions of a BGR or grayscale image, left to right: threshold() then findRegions().
    std::vector<Region> segment(const cv::Mat& image);

    // Step 1: the ink mask (255 = ink) of an image, kept in mask().
    void threshold(const cv::Mat& image);
    // Step 2: the regions of mask() that pass the filters. At most config.max_candidates, the largest kept.
    std::vector<Region> findRegions();

    // The ink mask of the last segment() call (255 = ink), for debugging and rendering.
    const cv::Mat& mask() const { return mask_; }

  private:
    SegmentationConfig config_;
    cv::Mat open_kernel_;
    cv::Mat close_kernel_;
    // Buffers reused from frame to frame.
    cv::Mat gray_;
    cv::Mat mask_;
    cv::Mat filled_;
    std::vector<std::vector<cv::Point>> contours_;
    std::vector<cv::Vec4i> hierarchy_;
};

}  // namespace digitcam
