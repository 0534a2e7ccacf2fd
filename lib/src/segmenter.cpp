#include "digitcam/segmenter.hpp"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace digitcam {
namespace {
cv::Mat ellipse(int size) {
    return size > 0 ? cv::getStructuringElement(cv::MORPH_ELLIPSE, {size, size}) : cv::Mat();
}
}  // namespace

AdaptiveThresholdSegmenter::AdaptiveThresholdSegmenter(SegmentationConfig config)
    : config_(config), open_kernel_(ellipse(config.morph_open)), close_kernel_(ellipse(config.morph_close)) {}

std::vector<Region> AdaptiveThresholdSegmenter::segment(const cv::Mat& image) {
    threshold(image);
    return findRegions();
}

void AdaptiveThresholdSegmenter::threshold(const cv::Mat& image) {
    if (image.channels() == 3) {
        cv::cvtColor(image, gray_, cv::COLOR_BGR2GRAY);
    } else {
        image.copyTo(gray_);
    }
    // Light ink on a dark ground becomes dark on light, so one threshold rule serves both.
    if (config_.polarity == Polarity::LightOnDark) cv::bitwise_not(gray_, gray_);
    if (config_.blur > 0) cv::GaussianBlur(gray_, gray_, {config_.blur, config_.blur}, 0);
    const int method = config_.method == ThresholdMethod::Gaussian ? cv::ADAPTIVE_THRESH_GAUSSIAN_C
                                                                   : cv::ADAPTIVE_THRESH_MEAN_C;
    // Ink is what is darker than its neighbourhood by more than c.
    cv::adaptiveThreshold(gray_, mask_, 255, method, cv::THRESH_BINARY_INV, config_.block_size, config_.c);
    if (!open_kernel_.empty()) cv::morphologyEx(mask_, mask_, cv::MORPH_OPEN, open_kernel_);
    if (!close_kernel_.empty()) cv::morphologyEx(mask_, mask_, cv::MORPH_CLOSE, close_kernel_);
}

std::vector<Region> AdaptiveThresholdSegmenter::findRegions() {
    // The outer boundary of every ink component. Not RETR_EXTERNAL: the edge of a sheet of paper or of
    // a plate is a component too, and would hide everything inside it. RETR_CCOMP lists components
    // inside others' holes at its top level as well; holes (with a parent) are skipped.
    contours_.clear();
    hierarchy_.clear();
    cv::findContours(mask_, contours_, hierarchy_, cv::RETR_CCOMP, cv::CHAIN_APPROX_SIMPLE);

    const int max_height = static_cast<int>(config_.max_height_ratio * mask_.rows);
    std::vector<Region> regions;
    for (int i = 0; i < static_cast<int>(contours_.size()); ++i) {
        if (hierarchy_[i][3] >= 0) continue;
        const cv::Rect box = cv::boundingRect(contours_[i]);
        if (box.height < config_.min_height || box.height > max_height) continue;
        const double aspect = static_cast<double>(box.width) / box.height;
        if (aspect < config_.min_aspect || aspect > config_.max_aspect) continue;
        // The region's own ink: inside its outer contour and inked, so holes stay holes and a
        // neighbour reaching into the box is left out.
        filled_.create(box.size(), CV_8U);
        filled_.setTo(0);
        cv::drawContours(filled_, contours_, i, cv::Scalar(255), cv::FILLED, cv::LINE_8, cv::noArray(), 0,
                         -box.tl());
        Region region{box, cv::Mat()};
        cv::bitwise_and(filled_, mask_(box), region.ink);
        const double fill = static_cast<double>(cv::countNonZero(region.ink)) / box.area();
        if (fill < config_.min_fill || fill > config_.max_fill) continue;
        regions.push_back(std::move(region));
    }
    if (static_cast<int>(regions.size()) > config_.max_candidates) {
        std::nth_element(regions.begin(), regions.begin() + config_.max_candidates, regions.end(),
                         [](const Region& a, const Region& b) { return a.box.area() > b.box.area(); });
        regions.resize(config_.max_candidates);
    }
    std::sort(regions.begin(), regions.end(), [](const Region& a, const Region& b) {
        return a.box.x != b.box.x ? a.box.x < b.box.x : a.box.y < b.box.y;
    });
    return regions;
}

}  // namespace digitcam
