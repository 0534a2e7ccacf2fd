// Every threshold and setting of the pipeline, one plain struct per stage, loaded and validated in
// one place. Defaults here equal configs/default.yaml (a test keeps them equal).
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace digitcam {

enum class ThresholdMethod { Mean, Gaussian };
enum class Polarity { DarkOnLight, LightOnDark, Both };
// What the capture thread does when processing falls behind.
enum class FramePolicy { Auto, DropStale, Backpressure };

struct CaptureConfig {
    int queue_capacity = 4;
    FramePolicy policy = FramePolicy::Auto;  // auto: drop stale frames of live sources, never of files
    double fallback_fps = 25.0;              // for recordings of sources that report no frame rate

    bool operator==(const CaptureConfig&) const = default;
};

struct SegmentationConfig {
    Polarity polarity = Polarity::Both;
    int blur = 3;  // Gaussian blur kernel before thresholding; 0 = none
    ThresholdMethod method = ThresholdMethod::Gaussian;
    int block_size = 35;
    double c = 12.0;
    int morph_open = 0;   // kernel size; 0 = off
    int morph_close = 3;  // kernel size; 0 = off
    int min_height = 12;
    double max_height_ratio = 0.5;  // of the frame height
    double min_aspect = 0.08;       // width / height
    double max_aspect = 1.6;
    double min_fill = 0.08;  // ink pixels / box area
    double max_fill = 0.9;
    int max_candidates = 256;
    // Most pieces of other readings (cuts of touching digits, joins of broken ones) classified per frame,
    // each region getting its share: bounds the time a cluttered frame (a page of text, a texture) takes.
    int max_pieces = 1024;
    // Rules (ruled lines, underlines, form boxes, plate borders) at least this long in pixels, and thin
    // for their length, are taken out of the dark ink mask so digits touching them are found; 0 = off.
    int rule_length = 100;
    // Large digits (strokes wider than a third of block_size threshold hollow and break into pieces) are
    // looked for again in the frame scaled down by this factor, where their strokes are thin; 0 = off.
    int coarse_scale = 4;

    bool operator==(const SegmentationConfig&) const = default;
};

// The CNN (cv::dnn), or the HOG + SVM baseline (cv::ml).
enum class ClassifierKind { Cnn, Svm };

struct ClassifierConfig {
    ClassifierKind kind = ClassifierKind::Cnn;
    std::string model;  // empty = the bundled model of that kind
    // A second network, trained with seven-segment digits too, reads the crops that the classifier and
    // the segment reader both leave unread (a display's digit whose segments ran together).
    bool display = true;
    std::string display_model;  // empty = the bundled models/digits-display.onnx
    double min_confidence = 0.7;
    double second_look = 0.9;  // crops read less sure than this are read again (secondLook); 0 = off
    int shaded_below = 24;     // regions shorter than this (px) are read from their grey levels; 0 = off
    int threads = 0;           // OpenCV worker threads; 0 = OpenCV's default

    bool operator==(const ClassifierConfig&) const = default;
};

struct ReadingConfig {
    double max_gap = 0.8;           // largest gap inside a number, in digit heights
    double line_overlap = 0.5;      // vertical overlap (of the shorter digit) to share a text line
    double max_height_ratio = 2.0;  // taller / shorter digit within one number
    int min_digits = 1;
    bool digits_in_words = false;  // report a lone digit set tight against a letter ("A4", "5kg")
    bool lone_ones = false;        // report a 1 with no other digit on its text line
    // A digit below classifier.min_confidence but at least this sure is reported beside a sure digit.
    double min_confidence_beside_digit = 0.55;
    // The same for a digit read from its shades of grey (shorter than classifier.shaded_below), which
    // the classifier reads less surely: tiny handwriting.
    double min_confidence_beside_digit_shaded = 0.45;
    // A digit at least this sure is reported between two sure digits of one number.
    double min_confidence_between_digits = 0.3;
    // A digit that is a number on its own amid other candidates (two within its height of it) is reported
    // only when at least this sure: no digit beside it vouches for it, and a blob of a textured surface
    // reads as an 8 or a 3 at 0.7-0.97. Alone on clean ground it needs classifier.min_confidence only.
    double min_confidence_alone = 0.95;

    bool operator==(const ReadingConfig&) const = default;
};

// Numbers followed from frame to frame of a video or a camera (not of still images).
struct TrackingConfig {
    int frames = 9;             // a number shows its most frequent reading over this many frames; 0 = off
    double scene_change = 8.0;  // mean grey change (0..255) between frames that starts the tracks over
    bool operator==(const TrackingConfig&) const = default;
};

struct RenderConfig {
    bool hud = true;
    bool digit_labels = true;
    int thickness = 2;

    bool operator==(const RenderConfig&) const = default;
};

struct Config {
    CaptureConfig capture;
    SegmentationConfig segmentation;
    ClassifierConfig classifier;
    ReadingConfig reading;
    TrackingConfig tracking;
    RenderConfig render;

    bool operator==(const Config&) const = default;
};

// A bad config file, key or value; what() is one line naming it and what is allowed.
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Reads a YAML file (cv::FileStorage) on top of `base`: keys it leaves out keep their value.
// Each key is checked alone; validateConfig() checks the combinations.
// A relative classifier.model is resolved against the file's folder.
Config loadConfig(const std::filesystem::path& file, Config base = {});

// Applies one "section.key=value" override, as given to `cam --set`.
void applyOverride(Config& config, std::string_view assignment);

// The file (or the defaults), then every override in order, then the cross-key checks.
Config buildConfig(const std::optional<std::filesystem::path>& file,
                   const std::vector<std::string>& overrides);

// Checks what single keys cannot: ranges that involve two keys.
void validateConfig(const Config& config);

// "section.key" of every key, for messages and documentation tests.
std::vector<std::string> configKeys();

std::string_view toString(FramePolicy policy);

// The bundled model of a kind, relative to the data folder: models/digits.onnx or models/digits-svm.yml.
std::string_view bundledModel(ClassifierKind kind);
// The bundled display model (classifier.display_model), relative to the data folder.
inline constexpr std::string_view kBundledDisplayModel = "models/digits-display.onnx";

}  // namespace digitcam
