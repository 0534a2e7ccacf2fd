#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "digitcam/classifier.hpp"
#include "digitcam/normalizer.hpp"
#include "test_support.hpp"

namespace digitcam {
namespace {

cv::Point2d centreOfMass(const cv::Mat& img) {
    const cv::Moments m = cv::moments(img);
    return {m.m10 / m.m00, m.m01 / m.m00};
}

TEST(Normalizer, FitsTheLongerSideInTwentyAndCentresTheMass) {
    for (const cv::Size size : {cv::Size(40, 100), cv::Size(100, 60), cv::Size(6, 13), cv::Size(300, 300)}) {
        cv::Mat ink(size, CV_8U, cv::Scalar(255));
        cv::Mat out;
        normalizeDigit(ink, out);
        ASSERT_EQ(out.size(), cv::Size(kInputSide, kInputSide));
        ASSERT_EQ(out.type(), CV_8U);
        const cv::Rect box = cv::boundingRect(out);
        EXPECT_EQ(std::max(box.width, box.height), kDigitBox) << size;
        const cv::Point2d c = centreOfMass(out);
        EXPECT_NEAR(c.x, kCentre, 0.51) << size;
        EXPECT_NEAR(c.y, kCentre, 0.51) << size;
    }
}

TEST(Normalizer, MassOffCentreStaysInsideTheField) {
    // All the mass at one corner: centring would push the digit out; it is clamped instead.
    cv::Mat ink(100, 100, CV_8U, cv::Scalar(0));
    ink(cv::Rect(0, 0, 10, 10)).setTo(255);
    ink.at<uchar>(99, 99) = 255;
    cv::Mat out;
    normalizeDigit(ink, out);
    EXPECT_GT(cv::countNonZero(out), 0);
    EXPECT_EQ(out.size(), cv::Size(28, 28));
}

TEST(Normalizer, ReusesTheOutputBuffer) {
    cv::Mat ink(50, 30, CV_8U, cv::Scalar(255));
    cv::Mat out;
    normalizeDigit(ink, out);
    const uchar* data = out.data;
    normalizeDigit(ink, out);
    EXPECT_EQ(out.data, data);
}

// MNIST digits were prepared the way normalizeDigit prepares a crop, so cropping one to its ink and
// normalizing it again must give back (nearly) the same image, and the same label from the network.
TEST(Normalizer, ReproducesMnistPreparation) {
    const MnistSet& set = test::mnistTest();
    CnnClassifier classifier(test::modelPath());
    const std::size_t n = 1000;
    double diff_sum = 0.0;
    std::vector<cv::Mat> original(set.images.begin(), set.images.begin() + n);
    std::vector<cv::Mat> again(n);
    for (std::size_t i = 0; i < n; ++i) {
        normalizeDigit(original[i](cv::boundingRect(original[i])), again[i]);
        diff_sum += cv::norm(original[i], again[i], cv::NORM_L1) / (28.0 * 28.0);
    }
    const double mean_abs_diff = diff_sum / n;
    EXPECT_LT(mean_abs_diff, 12.0) << "grey levels per pixel";

    const auto a = classifier.classify(original);
    const auto b = classifier.classify(again);
    int agree = 0;
    for (std::size_t i = 0; i < n; ++i) agree += a[i].label == b[i].label ? 1 : 0;
    EXPECT_GE(agree, 990) << "of " << n;
}

}  // namespace
}  // namespace digitcam
