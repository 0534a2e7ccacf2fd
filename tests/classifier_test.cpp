#include <fstream>

#include <gtest/gtest.h>

#include "digitcam/classifier.hpp"
#include "test_support.hpp"

namespace digitcam {
namespace {

// A floor that catches a broken model or a broken input path, not the model card's figure
// (`digits eval-mnist` measures that).
TEST(Classifier, MnistTestAccuracyFloor) {
    const MnistSet& set = test::mnistTest();
    DigitClassifier classifier(test::modelPath());
    std::size_t correct = 0;
    for (std::size_t i = 0; i < set.images.size(); i += 500) {
        const std::vector<cv::Mat> batch(set.images.begin() + static_cast<long>(i),
                                         set.images.begin() + static_cast<long>(i + 500));
        const auto predictions = classifier.classify(batch);
        ASSERT_EQ(predictions.size(), batch.size());
        for (std::size_t k = 0; k < predictions.size(); ++k)
            correct += predictions[k].label == set.labels[i + k];
    }
    EXPECT_GE(static_cast<double>(correct) / static_cast<double>(set.images.size()), 0.993);
}

TEST(Classifier, BatchGivesWhatOneByOneGives) {
    const MnistSet& set = test::mnistTest();
    DigitClassifier classifier(test::modelPath());
    const std::vector<cv::Mat> batch(set.images.begin(), set.images.begin() + 64);
    const auto together = classifier.classify(batch);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto alone = classifier.classify({batch[i]});
        ASSERT_EQ(alone.size(), 1u);
        EXPECT_EQ(alone[0].label, together[i].label);
        EXPECT_NEAR(alone[0].conf, together[i].conf, 1e-4);
    }
    EXPECT_EQ(classifier.probabilities().rows, 1);
    EXPECT_GE(classifier.classes(), 10);
}

TEST(Classifier, EmptyBatchIsEmpty) {
    DigitClassifier classifier(test::modelPath());
    EXPECT_TRUE(classifier.classify({}).empty());
}

TEST(Classifier, MissingOrBrokenModelIsNamed) {
    EXPECT_THROW(DigitClassifier("/nonexistent/model.onnx"), ModelError);
    const auto junk = test::tempDir() / "junk.onnx";
    std::ofstream(junk) << "this is not an ONNX file";
    try {
        DigitClassifier classifier(junk);
        FAIL() << "no ModelError";
    } catch (const ModelError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(junk.string()), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
}

}  // namespace
}  // namespace digitcam
