// Finds regions that may be digits: adaptive threshold (dark ink, light ink or both), light
// morphology, the outer contour of each ink component, and filters on height, aspect and fill, all
// from SegmentationConfig.
#pragma once

#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "digitcam/config.hpp"
#include "digitcam/types.hpp"

namespace digitcam {

// Thresholding both polarities finds a digit's hole (the light inside of a dark 0) as ink of the other
// polarity, and the ground next to a digit's strokes as a halo of the other polarity, around it or
// beside it. Of two overlapping regions of opposite polarity: when one stands out (Region::contrast)
// more than twice as much as the other, the other goes; else, when most of the smaller one's box is
// shared, one inside the other is a hole and goes (however wide the hole: a 9's loop), and of two
// neither of which holds the other (a region too wide for one digit holds a hole only as a pair of
// digits does, or when its ink closes round it) the one that stands out less goes. The boxes of the regions
// dropped go to `dropped` when given.
void dropHoles(std::vector<Region>& regions, std::vector<cv::Rect>* dropped);

// All that one segmentation of a frame found: what reading the frame needs of it
// (AdaptiveThresholdSegmenter's accessors of the same names say what each is).
struct Segmentation {
    std::vector<Region> regions;  // left to right
    cv::Mat gray;
    cv::Mat mask;
    cv::Mat light_mask;
    std::vector<Mark> marks;
    std::vector<Mark> solid_bars;
    std::vector<cv::Rect> ground;
    std::vector<Region> large;
};

class AdaptiveThresholdSegmenter {
  public:
    explicit AdaptiveThresholdSegmenter(SegmentationConfig config);
    ~AdaptiveThresholdSegmenter();
    AdaptiveThresholdSegmenter(AdaptiveThresholdSegmenter&&) noexcept;
    AdaptiveThresholdSegmenter& operator=(AdaptiveThresholdSegmenter&&) noexcept;

    // Regions of a BGR or grayscale image, left to right: threshold() then findRegions(), and with
    // config.coarse_scale the large regions (large()).
    std::vector<Region> segment(const cv::Mat& image);
    // segment(), with all it found. The images are the segmenter's buffers, valid until the next call
    // (FrameProcessor::segment() copies them).
    Segmentation segmentation(const cv::Mat& image);

    // Step 1: the ink masks (255 = ink) of an image, kept in mask() and lightMask().
    void threshold(const cv::Mat& image);
    // Step 2: the regions of the masks that pass the filters. At most config.max_candidates, the
    // largest kept.
    std::vector<Region> findRegions();

    // The ink masks of the last segment() call (255 = ink): ink darker than its neighbourhood, and
    // ink lighter than it. A polarity the config leaves out has an empty mask.
    const cv::Mat& mask() const { return dark_mask_; }
    const cv::Mat& lightMask() const { return light_mask_; }
    // The grey image the masks were thresholded from (blurred by config.blur).
    const cv::Mat& gray() const { return gray_; }
    // Ink components of the last segment() call that failed the size and shape filters: dots,
    // commas, dashes, rules. They are not classified; they can end a number.
    const std::vector<Mark>& marks() const { return marks_; }
    // Components of the last segment() call judged not to be ink (too solid, or their ground not all
    // round them) that are bars, at least 2.5 times as long as wide and filling half their box: a
    // display's segments, and rules' and boxes' pieces. Neither regions nor marks: only segments joined
    // into a digit are read (readSevenSegments).
    const std::vector<Mark>& solidBars() const { return solid_bars_; }
    // With tracing on, the boxes of the last segment() call's components that were judged not to be
    // ink (fill out of range, a halo of ground, the hole of a 0); off by default, as it costs a little.
    void setTrace(bool on) { trace_ = on; }
    const std::vector<cv::Rect>& ground() const { return ground_; }
    // Regions of the last segment() call found in the frame scaled down by config.coarse_scale, at
    // least three times block_size tall, in full-resolution coordinates (their ink scaled up). A digit whose
    // strokes are wider than a third of block_size thresholds hollow at full resolution and its outline
    // breaks into pieces; scaled down, its strokes are thin and it is one region. Whether such a region
    // replaces the pieces inside it is the classifier's to say (FrameProcessor). Empty when off.
    const std::vector<Region>& large() const { return large_; }

  private:
    void appendRegions(const cv::Mat& mask, const cv::Mat& rules, bool light, std::vector<Region>& regions);
    void morphology(cv::Mat& mask) const;
    // Takes long thin rules, horizontal or vertical and tilted a little, out of a mask; `rules` gets
    // what was taken (empty if nothing).
    void removeRules(cv::Mat& mask, cv::Mat& rules);
    // What found_ holds inside `boxes` (at half resolution), at full resolution and grown by a pixel.
    void toFullResolution(const std::vector<cv::Rect>& boxes, cv::Size size, cv::Mat& out);
    // The mean grey of a region's ink, and of the ground in a margin around its box.
    struct Greys {
        double ink = 0.0;
        double ground = 0.0;
    };
    Greys greys(const cv::Rect& box, const cv::Mat& ink) const;
    // Contour `contour` of the last findContours, filled, in its box's frame (a buffer reused per call).
    const cv::Mat& filledContour(int contour, const cv::Rect& box);
    // Whether the margin's strips just above and just below the box are about as light or dark as the
    // ink (within half its contrast): for light ink either strip, for dark ink both.
    bool insideItsGround(const cv::Rect& box, const Greys& greys, bool light) const;
    void fillHollowStrokes(int contour, const cv::Rect& box, const Greys& greys, cv::Mat& ink);
    bool sideOfAFrame(int contour, const cv::Rect& box, const cv::Mat& rules) const;

    SegmentationConfig config_;
    cv::Mat open_kernel_;
    cv::Mat close_kernel_;
    // Buffers reused from frame to frame.
    cv::Mat gray_;
    cv::Mat half_;
    cv::Mat half_mean_;
    cv::Mat local_mean_;
    cv::Mat contrast_;  // how far below or above its mean each pixel lies (CV_8U), or gray - mean (CV_16S)
                        // for c < 1
    cv::Mat dark_mask_;
    cv::Mat light_mask_;
    cv::Mat filled_;
    cv::Mat hole_;
    cv::Mat small_;
    cv::Mat runs_;
    cv::Mat dark_rules_;
    cv::Mat sides_;
    cv::Mat found_;
    cv::Mat grown_;
    cv::Mat run_ink_;  // one component of runs_, over its box
    std::vector<std::vector<cv::Point>> run_contours_;
    std::vector<std::vector<cv::Point>> contours_;
    std::vector<cv::Vec4i> hierarchy_;
    std::vector<Mark> marks_;
    std::vector<Mark> solid_bars_;
    bool trace_ = false;
    std::vector<cv::Rect> ground_;
    // The same segmenter one scale down (config.coarse_scale), its input, and what it found.
    std::unique_ptr<AdaptiveThresholdSegmenter> coarse_;
    cv::Mat coarse_gray_;
    std::vector<Region> large_;
    void findLarge();
};

}  // namespace digitcam
