#include "test_support.hpp"

#include <map>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>
#include <opencv2/ml.hpp>

#include <opencv2/imgcodecs.hpp>

#include "digitcam/classifier.hpp"
#include "digitcam/frame_processor.hpp"

namespace digitcam::test {

std::filesystem::path mnistDir() {
    const char* env = std::getenv("DIGITCAM_MNIST_DIR");
    return env && *env ? std::filesystem::path(env) : std::filesystem::path(DIGITCAM_MNIST_DIR);
}

Config shippedConfig() {
    Config config;
    config.classifier.model = modelPath().string();
    config.classifier.display_model = displayModelPath().string();
    return config;
}

std::string readsInImage(const cv::Mat& image, const Config& config) {
    FrameProcessor processor(config);
    std::string out;
    for (const Number& n : processor.process(Frame{image, 0, 0.0, {}, "picture"}).numbers)
        out += (out.empty() ? "" : " ") + n.text;
    return out;
}

std::string readsInPicture(const std::string& file, const Config& config) {
    const cv::Mat image = cv::imread((sourceDir() / "tests" / "data" / file).string());
    if (image.empty()) {
        ADD_FAILURE() << file << ": cannot read it";
        return {};
    }
    return readsInImage(image, config);
}

const MnistSet& mnistTest() {
    static const MnistSet set = readMnist(mnistDir(), "test");
    return set;
}

namespace {

std::filesystem::path scratchPath(const ::testing::TestInfo* info) {
    std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "digitcam";
    for (char& c : name) {
        if (c == '/') c = '_';
    }
    return std::filesystem::temp_directory_path() / ("digitcam-test-" + name);
}

// A passed test's scratch folder goes when the test ends; a failed one's stays, to be looked into.
class ScratchCleaner : public ::testing::EmptyTestEventListener {
    void OnTestEnd(const ::testing::TestInfo& info) override {
        if (!info.result()->Passed()) return;
        std::error_code ignored;  // nothing to clean is fine
        std::filesystem::remove_all(scratchPath(&info), ignored);
    }
};

}  // namespace

std::filesystem::path tempDir() {
    // Registered on first use, so test binaries keep gtest_main; gtest owns the listener.
    static const bool cleaning = [] {
        ::testing::UnitTest::GetInstance()->listeners().Append(new ScratchCleaner);
        return true;
    }();
    (void)cleaning;
    const auto dir = scratchPath(::testing::UnitTest::GetInstance()->current_test_info());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::vector<DrawnDigit> writeDigits(cv::Mat& page, const std::string& text, cv::Point origin, int height,
                                    int gap, int pick) {
    const MnistSet& set = mnistTest();
    std::vector<DrawnDigit> drawn;
    int x = origin.x;
    for (char ch : text) {
        const int label = ch - '0';
        int seen = 0;
        std::size_t index = 0;
        for (std::size_t i = 0; i < set.labels.size(); ++i) {
            if (set.labels[i] == label && seen++ == pick) {
                index = i;
                break;
            }
        }
        const cv::Mat& digit = set.images[index];
        const cv::Rect ink = cv::boundingRect(digit);
        const int w = std::max(2, cvRound(ink.width * static_cast<double>(height) / ink.height));
        cv::Mat alpha;
        cv::resize(digit(ink), alpha, {w, height}, 0, 0, cv::INTER_CUBIC);
        alpha.convertTo(alpha, CV_32F, 1.0 / 255.0);
        cv::Mat roi = page(cv::Rect(x, origin.y, w, height));
        for (int r = 0; r < height; ++r) {
            for (int c = 0; c < w; ++c) {
                const float a = std::clamp(alpha.at<float>(r, c), 0.f, 1.f);
                auto& px = roi.at<cv::Vec3b>(r, c);
                for (int k = 0; k < 3; ++k) px[k] = cv::saturate_cast<uchar>(px[k] * (1 - a) + 30 * a);
            }
        }
        drawn.push_back({cv::Rect(x, origin.y, w, height), label});
        x += w + gap;
    }
    return drawn;
}

cv::Mat blankPage(cv::Size size, int seed) {
    cv::Mat page(size, CV_8UC3, cv::Scalar(225, 230, 235));
    cv::Mat noise(size, CV_8UC3);
    cv::RNG rng(static_cast<std::uint64_t>(seed));
    rng.fill(noise, cv::RNG::NORMAL, 0, 3);
    page -= noise;
    return page;
}

std::filesystem::path trainSmallSvm(const std::filesystem::path& dir, int n) {
    const MnistSet& set = mnistTest();
    const cv::HOGDescriptor hog = HogSvmClassifier::descriptor();
    cv::Mat samples(n, static_cast<int>(hog.getDescriptorSize()), CV_32F);
    cv::Mat labels(n, 1, CV_32S);
    std::vector<float> features;
    for (int i = 0; i < n; ++i) {
        hog.compute(set.images[static_cast<std::size_t>(i)], features);
        std::copy(features.begin(), features.end(), samples.ptr<float>(i));
        labels.at<int>(i) = set.labels[static_cast<std::size_t>(i)];
    }
    auto svm = cv::ml::SVM::create();
    svm->setType(cv::ml::SVM::C_SVC);
    svm->setKernel(cv::ml::SVM::RBF);
    svm->setC(10.0);
    svm->setGamma(0.5);
    svm->train(samples, cv::ml::ROW_SAMPLE, labels);
    const auto path = dir / "svm.yml";
    svm->save(path.string());
    return path;
}

}  // namespace digitcam::test
