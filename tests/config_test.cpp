#include <fstream>
#include <regex>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include "digitcam/config.hpp"
#include "test_support.hpp"

namespace digitcam {
namespace {

std::filesystem::path writeFile(const std::string& name, const std::string& text) {
    const auto path = test::tempDir() / name;
    std::ofstream(path) << text;
    return path;
}

// The message of the ConfigError `f` throws; fails the test if it throws nothing.
template <typename F>
std::string errorOf(F f) {
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no ConfigError";
    return {};
}

void expectOneLineNaming(const std::string& message, const std::vector<std::string>& words) {
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    for (const auto& w : words)
        EXPECT_NE(message.find(w), std::string::npos) << "'" << w << "' not in: " << message;
}

TEST(Config, DefaultYamlEqualsBuiltInDefaults) {
    const Config loaded = loadConfig(test::sourceDir() / "configs" / "default.yaml");
    // Every key: Config's operator== is defaulted, so a new key is compared without a change here.
    EXPECT_TRUE(loaded == Config{}) << "configs/default.yaml and the defaults in config.hpp disagree";
}

TEST(Config, DefaultYamlDocumentsEveryKey) {
    std::ifstream in(test::sourceDir() / "configs" / "default.yaml");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& key : configKeys()) {
        const std::string leaf = key.substr(key.find('.') + 1);
        EXPECT_TRUE(std::regex_search(text, std::regex("\n  " + leaf + ":"))) << key << " missing";
    }
}

TEST(Config, FileSetsOnlyTheKeysItNames) {
    const auto path =
        writeFile("partial.yaml", "segmentation:\n  block_size: 51\n  c: 7.5\nrender:\n  hud: false\n");
    const Config c = loadConfig(path);
    EXPECT_EQ(c.segmentation.block_size, 51);
    EXPECT_EQ(c.segmentation.c, 7.5);
    EXPECT_FALSE(c.render.hud);
    EXPECT_EQ(c.segmentation.min_height, Config{}.segmentation.min_height);
}

TEST(Config, RelativeModelIsRelativeToTheFile) {
    const auto path =
        writeFile("model.yaml", "classifier:\n  model: ../models/x.onnx\n  display_model: y.onnx\n");
    const Config c = loadConfig(path);
    EXPECT_EQ(std::filesystem::path(c.classifier.model),
              (path.parent_path() / "../models/x.onnx").lexically_normal());
    EXPECT_EQ(std::filesystem::path(c.classifier.display_model),
              (path.parent_path() / "y.onnx").lexically_normal());
}

TEST(Config, OverridesParseEveryType) {
    Config c;
    applyOverride(c, "segmentation.block_size=21");
    applyOverride(c, "segmentation.c=-3.5");
    applyOverride(c, "segmentation.method=mean");
    applyOverride(c, "render.hud=false");
    applyOverride(c, "classifier.model=/tmp/m.onnx");
    EXPECT_EQ(c.segmentation.block_size, 21);
    EXPECT_EQ(c.segmentation.c, -3.5);
    EXPECT_EQ(c.segmentation.method, ThresholdMethod::Mean);
    EXPECT_FALSE(c.render.hud);
    EXPECT_EQ(c.classifier.model, "/tmp/m.onnx");
}

TEST(Config, UnknownKeyIsNamedWithTheKnownOnes) {
    const auto path = writeFile("typo.yaml", "segmentation:\n  blok_size: 31\n");
    expectOneLineNaming(errorOf([&] { loadConfig(path); }),
                        {path.string(), "unknown key", "segmentation.blok_size", "block_size"});
    Config c;
    expectOneLineNaming(errorOf([&] { applyOverride(c, "reading.gap=1"); }),
                        {"--set", "reading.gap", "max_gap"});
}

TEST(Config, UnknownSectionIsNamed) {
    const auto path = writeFile("section.yaml", "segmentaton:\n  block_size: 31\n");
    expectOneLineNaming(errorOf([&] { loadConfig(path); }),
                        {"unknown section", "segmentaton", "segmentation"});
}

TEST(Config, WrongTypesAreRejected) {
    Config c;
    expectOneLineNaming(errorOf([&] { applyOverride(c, "segmentation.block_size=big"); }),
                        {"segmentation.block_size", "'big'", "odd integer"});
    expectOneLineNaming(errorOf([&] { applyOverride(c, "segmentation.block_size=31.5"); }),
                        {"segmentation.block_size"});
    expectOneLineNaming(errorOf([&] { applyOverride(c, "render.hud=yes"); }),
                        {"render.hud", "true or false"});
    expectOneLineNaming(errorOf([&] { applyOverride(c, "segmentation.method=otsu"); }),
                        {"segmentation.method", "mean, gaussian"});
    const auto path = writeFile("list.yaml", "segmentation:\n  c: [1, 2]\n");
    expectOneLineNaming(errorOf([&] { loadConfig(path); }), {"segmentation.c"});
    const auto flat = writeFile("flat.yaml", "segmentation: 3\n");
    expectOneLineNaming(errorOf([&] { loadConfig(flat); }), {"segmentation", "section"});
}

TEST(Config, OutOfRangeValuesSayWhatIsAllowed) {
    Config c;
    expectOneLineNaming(errorOf([&] { applyOverride(c, "segmentation.block_size=4"); }),
                        {"segmentation.block_size = '4'", "odd integer from 3 to 255"});
    expectOneLineNaming(errorOf([&] { applyOverride(c, "segmentation.blur=2"); }), {"segmentation.blur"});
    expectOneLineNaming(errorOf([&] { applyOverride(c, "segmentation.coarse_scale=1"); }),
                        {"segmentation.coarse_scale = '1'", "0 (off) or an integer from 2 to 8"});
    expectOneLineNaming(errorOf([&] { applyOverride(c, "classifier.min_confidence=1.5"); }),
                        {"classifier.min_confidence", "from 0 to 1"});
    expectOneLineNaming(errorOf([&] { applyOverride(c, "classifier.second_look=-0.1"); }),
                        {"classifier.second_look", "from 0 to 1"});
    expectOneLineNaming(errorOf([&] { applyOverride(c, "capture.queue_capacity=0"); }),
                        {"capture.queue_capacity"});
    expectOneLineNaming(errorOf([&] { applyOverride(c, "reading.min_digits=-1"); }), {"reading.min_digits"});
}

TEST(Config, CrossKeyRangesAreChecked) {
    expectOneLineNaming(
        errorOf([&] {
            buildConfig(std::nullopt, {"segmentation.min_aspect=2", "segmentation.max_aspect=1"});
        }),
        {"segmentation.min_aspect", "segmentation.max_aspect"});
    expectOneLineNaming(
        errorOf([&] {
            buildConfig(std::nullopt, {"segmentation.min_fill=0.9", "segmentation.max_fill=0.5"});
        }),
        {"segmentation.min_fill", "segmentation.max_fill"});
    // Order of overrides does not matter: only the end result is checked.
    const Config c = buildConfig(std::nullopt, {"segmentation.min_aspect=2", "segmentation.max_aspect=3"});
    EXPECT_EQ(c.segmentation.max_aspect, 3.0);
}

TEST(Config, MalformedInputIsNamed) {
    Config c;
    expectOneLineNaming(errorOf([&] { applyOverride(c, "block_size=3"); }), {"--set", "section.key=value"});
    expectOneLineNaming(errorOf([&] { applyOverride(c, "segmentation.block_size"); }), {"section.key=value"});
    expectOneLineNaming(errorOf([&] { loadConfig("/nonexistent/dir/cfg.yaml"); }),
                        {"/nonexistent/dir/cfg.yaml", "cannot open"});
    const auto bad = writeFile("bad.yaml", "segmentation:\n  block_size: [3\n");
    expectOneLineNaming(errorOf([&] { loadConfig(bad); }), {bad.string(), "YAML"});
}

}  // namespace
}  // namespace digitcam
