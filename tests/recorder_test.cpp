#include <gtest/gtest.h>

#include <vector>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "digitcam/outputs.hpp"
#include "test_support.hpp"

namespace digitcam {
namespace {

// A frame of one grey level, so that a decoded frame tells which frame it was.
cv::Mat grey(int level, cv::Size size = {160, 120}) {
    return cv::Mat(size, CV_8UC3, cv::Scalar::all(level));
}

// The grey level of every frame of a recording, as decoded by FFmpeg.
std::vector<int> levels(const std::filesystem::path& path) {
    cv::VideoCapture capture(path.string(), cv::CAP_FFMPEG);
    EXPECT_TRUE(capture.isOpened()) << path;
    std::vector<int> out;
    cv::Mat frame;
    while (capture.read(frame)) out.push_back(cvRound(cv::mean(frame)[0]));
    return out;
}

TEST(VideoRecorder, WritesEachFrameOfAFileOnce) {
    const auto path = test::tempDir() / "out.avi";
    VideoRecorder recorder(path, 25.0);
    for (int i = 0; i < 6; ++i) recorder.write(grey(40 * i), 40.0 * i);
    recorder.close();
    EXPECT_EQ(recorder.frames(), 6);
    EXPECT_EQ(recorder.repeated(), 0);
    const std::vector<int> got = levels(path);
    ASSERT_EQ(got.size(), 6u);
    for (int i = 0; i < 6; ++i) EXPECT_NEAR(got[i], 40 * i, 3) << "frame " << i;
}

// A live source whose stale frames were dropped: the frame before a gap fills it, so the video keeps
// the pace of the scene instead of playing faster.
TEST(VideoRecorder, FillsTheSlotsOfDroppedFramesWithTheFrameBefore) {
    const auto path = test::tempDir() / "out.avi";
    VideoRecorder recorder(path, 25.0);
    // At 25 fps the slots are 40 ms apart; the frames come at slots 0, 1, 5 and 6 (a little late or
    // early, as a camera's do), so slots 2-4 lost their frames.
    const std::vector<std::pair<int, double>> frames = {{20, 3.0}, {60, 41.0}, {140, 195.0}, {220, 236.0}};
    for (const auto& [level, ms] : frames) recorder.write(grey(level), ms);
    recorder.close();
    EXPECT_EQ(recorder.frames(), 7);
    EXPECT_EQ(recorder.repeated(), 3);
    const std::vector<int> got = levels(path);
    const std::vector<int> want = {20, 60, 60, 60, 60, 140, 220};
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(got[i], want[i], 3) << "frame " << i;
}

// Frames closer together than the video's rate (a source faster than it says, still images all at 0 ms)
// are each written: nothing is lost.
TEST(VideoRecorder, KeepsFramesThatComeFasterThanTheRate) {
    const auto path = test::tempDir() / "out.avi";
    VideoRecorder recorder(path, 25.0);
    recorder.write(grey(30), 0.0);
    recorder.write(grey(90, {320, 240}), 0.0);  // another size: scaled to the first's
    recorder.write(grey(150), 10.0);
    recorder.close();
    EXPECT_EQ(recorder.frames(), 3);
    EXPECT_EQ(recorder.repeated(), 0);
    const std::vector<int> got = levels(path);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_NEAR(got[1], 90, 3);
}

// The recorder keeps its own copy of the last frame: a caller reusing its buffer does not change the
// frames repeated later.
TEST(VideoRecorder, RepeatsTheFrameAsItWasWritten) {
    const auto path = test::tempDir() / "out.avi";
    VideoRecorder recorder(path, 25.0);
    cv::Mat buffer = grey(50);
    recorder.write(buffer, 0.0);
    buffer.setTo(cv::Scalar::all(200));
    recorder.write(buffer, 80.0);
    recorder.close();
    const std::vector<int> got = levels(path);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_NEAR(got[1], 50, 3);
    EXPECT_NEAR(got[2], 200, 3);
}

}  // namespace
}  // namespace digitcam
