#include <fstream>

#include <gtest/gtest.h>

#include "digitcam/mnist.hpp"
#include "test_support.hpp"

namespace digitcam {
namespace {

void writeBytes(const std::filesystem::path& path, const std::vector<unsigned char>& bytes) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::vector<unsigned char> header(std::uint32_t magic, std::vector<std::uint32_t> dims) {
    std::vector<unsigned char> out;
    dims.insert(dims.begin(), magic);
    for (std::uint32_t v : dims) {
        for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<unsigned char>(v >> s));
    }
    return out;
}

// A valid two-item test split in `dir`; `images`/`labels` replace the files' bytes when given.
void writeSplit(const std::filesystem::path& dir, std::vector<unsigned char> images = {},
                std::vector<unsigned char> labels = {}) {
    if (images.empty()) {
        images = header(0x803, {2, 28, 28});
        images.resize(images.size() + 2 * 784, 0);
    }
    if (labels.empty()) {
        labels = header(0x801, {2});
        labels.push_back(3);
        labels.push_back(9);
    }
    writeBytes(dir / "t10k-images-idx3-ubyte", images);
    writeBytes(dir / "t10k-labels-idx1-ubyte", labels);
}

std::string errorOf(const std::filesystem::path& dir) {
    try {
        readMnist(dir, "test");
    } catch (const DatasetError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no DatasetError";
    return {};
}

TEST(Mnist, ReadsAValidSplit) {
    const auto dir = test::tempDir();
    writeSplit(dir);
    const MnistSet set = readMnist(dir, "test");
    ASSERT_EQ(set.images.size(), 2u);
    EXPECT_EQ(set.labels, (std::vector<int>{3, 9}));
    EXPECT_EQ(set.images[0].size(), cv::Size(28, 28));
}

TEST(Mnist, ReadsTheRealTestSet) {
    const MnistSet& set = test::mnistTest();
    EXPECT_EQ(set.images.size(), 10000u);
    EXPECT_EQ(set.labels[0], 7);  // the first MNIST test digit is a 7
}

TEST(Mnist, MissingFileIsNamed) {
    const auto dir = test::tempDir();
    const std::string e = errorOf(dir);
    EXPECT_NE(e.find("t10k-images-idx3-ubyte"), std::string::npos) << e;
    EXPECT_NE(e.find("cannot open"), std::string::npos) << e;
}

TEST(Mnist, WrongMagicIsNamed) {
    const auto dir = test::tempDir();
    auto labels = header(0x803, {2});  // an images magic in the labels file
    labels.push_back(1);
    labels.push_back(2);
    writeSplit(dir, {}, labels);
    const std::string e = errorOf(dir);
    EXPECT_NE(e.find("t10k-labels-idx1-ubyte"), std::string::npos) << e;
    EXPECT_NE(e.find("magic number 0x00000803, expected 0x00000801"), std::string::npos) << e;
}

TEST(Mnist, TruncatedFileIsNamed) {
    const auto dir = test::tempDir();
    auto images = header(0x803, {2, 28, 28});
    images.resize(images.size() + 784 + 100, 0);  // 1.1 images for a header that says 2
    writeSplit(dir, images);
    const std::string e = errorOf(dir);
    EXPECT_NE(e.find("t10k-images-idx3-ubyte"), std::string::npos) << e;
    EXPECT_NE(e.find("header's 2 images"), std::string::npos) << e;

    writeSplit(dir, {0, 0, 8});
    EXPECT_NE(errorOf(dir).find("truncated header"), std::string::npos);
}

TEST(Mnist, CountsThatDisagreeAreNamed) {
    const auto dir = test::tempDir();
    auto labels = header(0x801, {3});
    labels.insert(labels.end(), {1, 2, 3});
    writeSplit(dir, {}, labels);
    const std::string e = errorOf(dir);
    EXPECT_NE(e.find("2 images"), std::string::npos) << e;
    EXPECT_NE(e.find("3 labels"), std::string::npos) << e;
}

TEST(Mnist, ALabelAboveTheRangeIsNamed) {
    const auto dir = test::tempDir();
    auto labels = header(0x801, {2});
    labels.insert(labels.end(), {3, 10});  // "not a digit": not in MNIST
    writeSplit(dir, {}, labels);
    const std::string e = errorOf(dir);
    EXPECT_NE(e.find("label 10 at item 1"), std::string::npos) << e;
}

TEST(Mnist, HeldOutCropsMayBeNotADigit) {
    const auto dir = test::tempDir();
    auto labels = header(0x801, {2});
    labels.insert(labels.end(), {10, 4});
    writeSplit(dir, {}, labels);
    const MnistSet set = readIdxCrops(dir / "t10k-images-idx3-ubyte", dir / "t10k-labels-idx1-ubyte", 10);
    EXPECT_EQ(set.labels, (std::vector<int>{10, 4}));
}

TEST(Mnist, WrittenCropsReadBack) {
    const auto dir = test::tempDir();
    MnistSet set;
    for (int i = 0; i < 3; ++i) {
        set.images.push_back(cv::Mat(28, 28, CV_8U, cv::Scalar(40 * i)));
        set.images.back().at<unsigned char>(i, 27 - i) = 255;
        set.labels.push_back(i == 1 ? 10 : i);
    }
    writeIdxCrops(dir / "a-images", dir / "a-labels", set);
    const MnistSet back = readIdxCrops(dir / "a-images", dir / "a-labels", 10);
    EXPECT_EQ(back.labels, set.labels);
    ASSERT_EQ(back.images.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(cv::norm(back.images[i], set.images[i], cv::NORM_INF), 0.0);
}

TEST(Mnist, ACropThatIsNot28By28IsNamed) {
    const auto dir = test::tempDir();
    MnistSet set;
    set.images = {cv::Mat(28, 28, CV_8U, cv::Scalar(0)), cv::Mat(20, 28, CV_8U, cv::Scalar(0))};
    set.labels = {1, 2};
    try {
        writeIdxCrops(dir / "a-images", dir / "a-labels", set);
        ADD_FAILURE() << "no DatasetError";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("item 1"), std::string::npos) << e.what();
    }
    try {
        writeIdxCrops(dir / "no-such-dir" / "a-images", dir / "a-labels", {});
        ADD_FAILURE() << "no DatasetError";
    } catch (const DatasetError& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-dir/a-images: cannot write"), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace digitcam
