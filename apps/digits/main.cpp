// digits: the project's evaluators. `digits eval-mnist DIR` measures the shipped classifier on the
// MNIST test set through cv::dnn, exactly as the live path calls it; `digits eval-crops` measures it on
// held-out printed digits and "not a digit" crops.
#include <algorithm>
#include <array>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "digitcam/classifier.hpp"
#include "digitcam/config.hpp"
#include "digitcam/frame_processor.hpp"
#include "digitcam/mnist.hpp"
#include "digitcam/normalizer.hpp"
#include "digitcam/number_tracker.hpp"
#include "digitcam/resources.hpp"
#include "digitcam/scene_eval.hpp"
#include "digitcam/source.hpp"

namespace {

// [truth][predicted]; the last column counts digits the model called "not a digit".
using Confusion = std::array<std::array<std::int64_t, 11>, 10>;

void plotConfusion(const Confusion& m, int columns, const std::string& path) {
    constexpr int cell = 48;
    constexpr int margin = 40;
    cv::Mat img(margin + 10 * cell + 10, margin + columns * cell + 10, CV_8UC3, cv::Scalar(255, 255, 255));
    for (int t = 0; t < 10; ++t) {
        std::int64_t row = 0;
        for (const std::int64_t n : m[t]) row += n;
        for (int p = 0; p < columns; ++p) {
            const double share = row ? static_cast<double>(m[t][p]) / static_cast<double>(row) : 0.0;
            // Off-diagonal errors are rare: a square-root scale keeps them visible.
            const int shade = 255 - static_cast<int>(255 * std::sqrt(share));
            const cv::Rect box(margin + p * cell, margin + t * cell, cell, cell);
            cv::rectangle(img, box, t == p ? cv::Scalar(shade, 255, shade) : cv::Scalar(shade, shade, 255),
                          cv::FILLED);
            cv::rectangle(img, box, cv::Scalar(200, 200, 200));
            if (m[t][p]) {
                cv::putText(img, std::to_string(m[t][p]), box.tl() + cv::Point(4, cell / 2 + 5),
                            cv::FONT_HERSHEY_SIMPLEX, 0.4, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
            }
        }
        cv::putText(img, std::to_string(t), {12, margin + t * cell + cell / 2 + 6}, cv::FONT_HERSHEY_SIMPLEX,
                    0.6, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    }
    for (int p = 0; p < columns; ++p) {
        cv::putText(img, p < 10 ? std::to_string(p) : "no", {margin + p * cell + cell / 2 - 8, 28},
                    cv::FONT_HERSHEY_SIMPLEX, 0.6, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    }
    if (!cv::imwrite(path, img)) throw std::runtime_error(fmt::format("plot: {}: cannot write", path));
    spdlog::info("confusion matrix plot: {}", path);
}

// An MNIST digit as a camera would hand it to the classifier: enlarged 3x, binarized as the segmenter's
// mask is, cropped to its ink and normalized by the live path's own normalizeDigit().
cv::Mat throughLivePath(const cv::Mat& digit) {
    cv::Mat big;
    cv::resize(digit, big, {}, 3.0, 3.0, cv::INTER_LINEAR);
    cv::threshold(big, big, 127, 255, cv::THRESH_BINARY);
    cv::Mat out;
    digitcam::normalizeDigit(big(cv::boundingRect(big)), out);
    return out;
}

struct Predictions {
    std::vector<digitcam::Prediction> items;
    double seconds = 0.0;
};

// Every crop through the classifier in batches of `batch`, as the live path calls it once per frame,
// with its second look at what it is unsure of (classifier.second_look; 0: none).
Predictions classifyAll(digitcam::DigitClassifier& classifier, const std::vector<cv::Mat>& images, int batch,
                        double second_look) {
    Predictions out;
    out.items.reserve(images.size());
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < images.size(); i += static_cast<std::size_t>(batch)) {
        const std::size_t end = std::min(images.size(), i + static_cast<std::size_t>(batch));
        const std::vector<cv::Mat> inputs(images.begin() + static_cast<long>(i),
                                          images.begin() + static_cast<long>(end));
        std::vector<digitcam::Prediction> predictions = classifier.classify(inputs);
        digitcam::secondLook(classifier, inputs, classifier.scores(), predictions,
                             static_cast<float>(second_look));
        out.items.insert(out.items.end(), predictions.begin(), predictions.end());
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

int evalMnist(const std::string& dir, const digitcam::ClassifierConfig& model, int batch, std::size_t limit,
              const std::optional<std::string>& plot, bool live_path) {
    digitcam::MnistSet test = digitcam::readMnist(dir, "test", limit);
    if (live_path) {
        for (auto& image : test.images) image = throughLivePath(image);
    }
    const auto classifier = digitcam::loadClassifier(model.kind, digitcam::modelPath(model));
    const auto predictions = classifyAll(*classifier, test.images, batch, model.second_look);
    Confusion confusion{};
    for (std::size_t k = 0; k < predictions.items.size(); ++k) {
        ++confusion[test.labels[k]][std::clamp(predictions.items[k].label, 0, digitcam::kNotADigit)];
    }
    const double seconds = predictions.seconds;

    std::int64_t correct = 0;
    std::int64_t total = 0;
    fmt::print("class  n     accuracy\n");
    for (int t = 0; t < 10; ++t) {
        std::int64_t row = 0;
        for (const std::int64_t n : confusion[t]) row += n;
        correct += confusion[t][t];
        total += row;
        fmt::print("{:<6} {:<5} {:.4f}\n", t, row,
                   row ? static_cast<double>(confusion[t][t]) / static_cast<double>(row) : 0.0);
    }
    const int columns = classifier->classes();
    fmt::print("\nconfusion (rows: truth, columns: predicted{})\n     ",
               columns > 10 ? "; 'no': not a digit" : "");
    for (int p = 0; p < columns; ++p) fmt::print("{:>6}", p < 10 ? std::to_string(p) : "no");
    fmt::print("\n");
    for (int t = 0; t < 10; ++t) {
        fmt::print("{:>5}", t);
        for (int p = 0; p < columns; ++p) fmt::print("{:>6}", confusion[t][p]);
        fmt::print("\n");
    }
    if (plot) plotConfusion(confusion, columns, *plot);
    fmt::print("accuracy={:.4f} n={} crops_per_s={:.0f} batch={}{}\n",
               static_cast<double>(correct) / static_cast<double>(total), total,
               static_cast<double>(total) / seconds, batch, live_path ? " input=live-path" : "");
    return 0;
}

// Crops that are digits (labels 0-9) and crops that are not (label 10), scored as cam uses the
// classifier: a crop is reported as a digit when its best class is a digit with at least min_confidence.
int evalCrops(const std::string& images_path, const std::string& labels_path,
              const digitcam::ClassifierConfig& model, int batch) {
    const digitcam::MnistSet set = digitcam::readIdxCrops(images_path, labels_path, digitcam::kNotADigit);
    const auto classifier = digitcam::loadClassifier(model.kind, digitcam::modelPath(model));
    const auto predictions = classifyAll(*classifier, set.images, batch, model.second_look);

    std::int64_t digits = 0, correct = 0, rejected = 0, not_reported = 0, wrong = 0;
    std::int64_t negatives = 0, negatives_reported = 0;
    for (std::size_t k = 0; k < set.labels.size(); ++k) {
        const auto& p = predictions.items[k];
        const bool reported = p.label != digitcam::kNotADigit && p.conf >= model.min_confidence;
        if (set.labels[k] == digitcam::kNotADigit) {
            ++negatives;
            negatives_reported += reported;
            continue;
        }
        ++digits;
        correct += p.label == set.labels[k];
        rejected += p.label == digitcam::kNotADigit;
        not_reported += !reported;
        wrong += reported && p.label != set.labels[k];
    }
    const auto share = [](std::int64_t n, std::int64_t of) {
        return of ? static_cast<double>(n) / static_cast<double>(of) : 0.0;
    };
    fmt::print("digits     {:>6}  read correctly (best class) {:.4f}  rejected as not a digit {:.4f}\n",
               digits, share(correct, digits), share(rejected, digits));
    fmt::print(
        "           {:>6}  not reported (rejected or below {:.2f}) {:.4f}  reported as another digit "
        "{:.4f}\n",
        "", model.min_confidence, share(not_reported, digits), share(wrong, digits));
    fmt::print("negatives  {:>6}  reported as a digit {:.4f}\n", negatives,
               share(negatives_reported, negatives));
    fmt::print(
        "digits_correct={:.4f} digits_not_reported={:.4f} digits_reported_wrong={:.4f} "
        "negatives_reported={:.4f} n_digits={} n_negatives={} min_confidence={:.2f}\n",
        share(correct, digits), share(not_reported, digits), share(wrong, digits),
        share(negatives_reported, negatives), digits, negatives, model.min_confidence);
    return 0;
}

// Scores pictures with known truth one by one and prints the summary: what eval-coco and eval-video share.
class SceneTally {
  public:
    explicit SceneTally(bool verbose) : verbose_(verbose) {
        if (verbose_)
            fmt::print("{:<16} {:<11} {:>5} {:>5} {:>5} {:>9}  read\n", "image", "scene", "tp", "fp", "fn",
                       "lines");
    }

    void add(const digitcam::SceneTruth& truth, const digitcam::FrameResult& result, double seconds) {
        const digitcam::SceneScore score = digitcam::scoreScene(truth, result);
        total_ += score;
        images_exact_ += score.exact;
        ++images_;
        seconds_ += seconds;
        if (!verbose_) return;
        std::string read;
        for (const auto& n : result.numbers) read += (read.empty() ? "" : " ") + n.text;
        std::string want;
        for (const auto& l : truth.lines) want += (want.empty() ? "" : " ") + l.text;
        fmt::print("{:<16} {:<11} {:>5} {:>5} {:>5} {:>4}/{:<4}  {}{}\n", truth.file, truth.scene,
                   score.true_positives, score.false_positives, score.false_negatives, score.lines_exact,
                   score.lines, read, score.exact ? "" : "   (truth: " + want + ")");
    }

    void printSummary() const {
        const auto share = [](int n, int of) { return of ? static_cast<double>(n) / of : 0.0; };
        fmt::print(
            "precision={:.4f} recall={:.4f} f1={:.4f} lines_exact={:.4f} images_exact={:.4f} images={} "
            "digits={} lines={} ms_per_image={:.1f}\n",
            total_.precision(), total_.recall(), total_.f1(), share(total_.lines_exact, total_.lines),
            share(images_exact_, images_), images_, total_.true_positives + total_.false_negatives,
            total_.lines, images_ ? 1000.0 * seconds_ / images_ : 0.0);
    }

  private:
    bool verbose_;
    digitcam::SceneScore total_;
    int images_ = 0;
    int images_exact_ = 0;
    double seconds_ = 0.0;
};

// The frame processor's result for one frame, and the seconds it took.
std::pair<digitcam::FrameResult, double> timedProcess(digitcam::FrameProcessor& processor,
                                                      const digitcam::Frame& frame) {
    const auto start = std::chrono::steady_clock::now();
    digitcam::FrameResult result = processor.process(frame);
    return {std::move(result),
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

// The picture of a scene with truth, from its folder; an error names `command` and the file.
digitcam::Frame sceneFrame(const std::string& images_dir, const digitcam::SceneTruth& truth,
                           const char* command) {
    const auto path = std::filesystem::path(images_dir) / truth.file;
    digitcam::Frame frame;
    frame.image = cv::imread(path.string(), cv::IMREAD_COLOR);
    if (frame.image.empty())
        throw digitcam::DatasetError(fmt::format("{}: {}: cannot read the image", command, path.string()));
    frame.source = truth.file;
    return frame;
}

// Scenes with known truth (tools/make_scenes.py), each read by the same FrameProcessor cam runs.
int evalCoco(const std::string& annotations, const std::string& images_dir, const digitcam::Config& config,
             bool verbose) {
    const auto scenes = digitcam::readCocoScenes(annotations);
    digitcam::FrameProcessor processor(config);
    SceneTally tally(verbose);
    for (const auto& truth : scenes) {
        const auto [result, seconds] = timedProcess(processor, sceneFrame(images_dir, truth, "eval-coco"));
        tally.add(truth, result, seconds);
    }
    tally.printSummary();
    return 0;
}

// A clip with truth per frame (make_scenes.py --video): decoded by cam's own source, every frame read by
// the frame processor and scored against its frame's truth.
int evalVideo(const std::string& clip, const std::string& annotations, const digitcam::Config& config,
              bool verbose) {
    std::map<std::int64_t, digitcam::SceneTruth> truth_of_frame;
    for (auto& truth : digitcam::readCocoScenes(annotations)) {
        if (truth.frame < 0)
            throw digitcam::DatasetError(
                fmt::format("eval-video: {}: image '{}' has no frame index", annotations, truth.file));
        const std::int64_t frame = truth.frame;
        truth_of_frame[frame] = std::move(truth);
    }
    digitcam::FrameProcessor processor(config);
    digitcam::NumberTracker tracker(config.tracking);  // as cam follows the numbers of a video
    const auto source = digitcam::openSource(clip);
    SceneTally tally(verbose);
    digitcam::Frame frame;
    std::int64_t decoded = 0;
    while (source->read(frame)) {
        ++decoded;
        const auto truth = truth_of_frame.find(frame.index);
        if (truth == truth_of_frame.end()) continue;
        auto [result, seconds] = timedProcess(processor, frame);
        tracker.update(frame.image, result);
        tally.add(truth->second, result, seconds);
    }
    if (!truth_of_frame.empty() && truth_of_frame.rbegin()->first >= decoded) {
        throw digitcam::DatasetError(
            fmt::format("eval-video: {}: has {} frames, but {} has truth for frame {}", clip, decoded,
                        annotations, truth_of_frame.rbegin()->first));
    }
    tally.printSummary();
    return 0;
}

// Every candidate crop the frame processor reads in the scenes, labelled from the truth (cropLabel), as
// IDX files to train on: the network then learns digits and "not a digit" as the segmenter cuts them out.
int harvest(const std::string& annotations, const std::string& images_dir, const std::string& out_prefix,
            const digitcam::Config& config) {
    const auto scenes = digitcam::readCocoScenes(annotations);
    digitcam::FrameProcessor processor(config);
    digitcam::MnistSet crops;
    // Where each crop came from, a row per crop in the IDX files' order: to pick crops by their place
    // against the truth (a piece of a digit, a pair) without harvesting again.
    const std::string boxes_path = out_prefix + "-boxes.csv";
    std::ofstream boxes(boxes_path);
    // Before reading any scene: an output that cannot be written fails at once, not after the work.
    if (!boxes) throw digitcam::DatasetError(fmt::format("harvest: {}: cannot write", boxes_path));
    boxes << "file,x,y,width,height,label,place\n";
    const digitcam::SceneTruth* truth = nullptr;
    int unclear = 0;
    processor.setCropSink([&](const cv::Rect& box, const cv::Mat& input) {
        const int label = digitcam::cropLabel(*truth, box);
        if (label < 0) {
            ++unclear;
            return;
        }
        crops.images.push_back(input.clone());
        crops.labels.push_back(label);
        const std::string place = label == digitcam::kNotADigit
                                      ? digitcam::placeName(digitcam::negativePlace(*truth, box))
                                      : "digit";
        boxes << truth->file << ',' << box.x << ',' << box.y << ',' << box.width << ',' << box.height << ','
              << label << ',' << place << '\n';
    });
    for (const auto& scene : scenes) {
        truth = &scene;
        processor.process(sceneFrame(images_dir, scene, "harvest"));
    }
    writeIdxCrops(out_prefix + "-images-idx3-ubyte", out_prefix + "-labels-idx1-ubyte", crops);
    boxes.flush();
    if (!boxes) throw digitcam::DatasetError(fmt::format("harvest: {}: cannot write", boxes_path));
    const auto negatives = std::count(crops.labels.begin(), crops.labels.end(), digitcam::kNotADigit);
    fmt::print(
        "harvest: {} scenes: {} digit crops, {} not a digit, {} left out as unclear -> {}-*-idx*-ubyte, "
        "{}-boxes.csv\n",
        scenes.size(), static_cast<long>(crops.labels.size()) - negatives, negatives, unclear, out_prefix,
        out_prefix);
    return 0;
}

void addModelOptions(CLI::App& command, digitcam::ClassifierConfig& model) {
    command.add_option("--model", model.model, "model file (default: the bundled model of --kind)");
    command.add_option("--kind", model.kind, "cnn (ONNX through cv::dnn) or svm (HOG + SVM)")
        ->transform(CLI::CheckedTransformer(std::map<std::string, digitcam::ClassifierKind>{
            {"cnn", digitcam::ClassifierKind::Cnn}, {"svm", digitcam::ClassifierKind::Svm}}))
        ->default_str("cnn");
    model.second_look = 0.0;  // the model alone, unless asked
    command
        .add_option("--second-look", model.second_look,
                    "as cam's classifier.second_look: crops read less sure than this are read again (0: off)")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
    auto logger = spdlog::stderr_color_mt("digits");
    logger->set_pattern("%^[%l]%$ %v");
    spdlog::set_default_logger(logger);

    CLI::App app{"DigitCam evaluators"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("digits ") + DIGITCAM_VERSION);

    auto* eval = app.add_subcommand("eval-mnist", "accuracy of the classifier on the MNIST test set");
    std::string dir;
    digitcam::ClassifierConfig model;
    int batch = 256;
    std::size_t limit = 0;
    std::optional<std::string> plot;
    bool live_path = false;
    eval->add_option("DIR", dir, "folder with the four MNIST IDX files")->required();
    addModelOptions(*eval, model);
    eval->add_option("--batch", batch, "crops per forward pass")
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();
    eval->add_option("--limit", limit, "evaluate only the first N test images (0: all)");
    eval->add_option("--plot", plot, "write the confusion matrix as a PNG here");
    eval->add_flag(
        "--live-path", live_path,
        "feed each digit as the camera path would: enlarged, binarized, cropped, normalized again");

    auto* crops = app.add_subcommand(
        "eval-crops",
        "digits and 'not a digit' crops (IDX files, label 10 = not a digit), scored as cam reports them");
    std::string crops_images;
    std::string crops_labels;
    digitcam::ClassifierConfig crops_model;
    crops->add_option("IMAGES", crops_images, "IDX file of 28x28 crops (tools/eval_held_out.py --write-idx)")
        ->required();
    crops->add_option("LABELS", crops_labels, "IDX file of their labels, 0-9 or 10")->required();
    addModelOptions(*crops, crops_model);
    crops->add_option("--min-confidence", crops_model.min_confidence, "cam's classifier.min_confidence")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    crops->add_option("--batch", batch, "crops per forward pass")
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();

    auto* coco = app.add_subcommand(
        "eval-coco", "digit precision/recall/F1 and numbers read exactly, on scenes with truth");
    std::string coco_annotations;
    std::string coco_images;
    std::optional<std::string> coco_config;
    std::vector<std::string> coco_overrides;
    bool coco_verbose = false;
    coco->add_option("ANNOTATIONS", coco_annotations, "COCO JSON (tools/make_scenes.py)")->required();
    coco->add_option("IMAGES_DIR", coco_images, "folder holding the images it names")->required();
    coco->add_option("-c,--config", coco_config, "YAML config, as cam's (default: the bundled one)");
    coco->add_option("--set", coco_overrides, "override one config key: section.key=value (repeatable)");
    coco->add_flag("-v,--verbose", coco_verbose, "one line per image: matches, lines read, what was read");

    auto* video =
        app.add_subcommand("eval-video", "eval-coco's figures, frame by frame, for a clip with truth");
    std::string video_clip;
    std::string video_truth;
    video->add_option("CLIP", video_clip, "the clip (tools/make_scenes.py --video)")->required();
    video->add_option("TRUTH", video_truth, "its truth per frame, COCO JSON with `frame` per image")
        ->required();
    video->add_option("-c,--config", coco_config, "YAML config, as cam's (default: the bundled one)");
    video->add_option("--set", coco_overrides, "override one config key: section.key=value (repeatable)");
    video->add_flag("-v,--verbose", coco_verbose, "one line per frame");

    auto* harvest_cmd = app.add_subcommand(
        "harvest", "every candidate crop of scenes with truth, labelled, as IDX files to train on");
    std::string harvest_out;
    harvest_cmd->add_option("ANNOTATIONS", coco_annotations, "COCO JSON (tools/make_scenes.py)")->required();
    harvest_cmd->add_option("IMAGES_DIR", coco_images, "folder holding the images it names")->required();
    harvest_cmd
        ->add_option(
            "OUT_PREFIX", harvest_out,
            "writes OUT_PREFIX-images-idx3-ubyte and OUT_PREFIX-labels-idx1-ubyte (label 10: not a digit)")
        ->required();
    harvest_cmd->add_option("-c,--config", coco_config, "YAML config, as cam's (default: the bundled one)");
    harvest_cmd->add_option("--set", coco_overrides,
                            "override one config key: section.key=value (repeatable)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        if (crops->parsed()) return evalCrops(crops_images, crops_labels, crops_model, batch);
        if (coco->parsed() || video->parsed() || harvest_cmd->parsed()) {
            digitcam::Config config =
                digitcam::buildConfig(digitcam::configFile(coco_config), coco_overrides);
            digitcam::resolveModels(config);
            if (video->parsed()) return evalVideo(video_clip, video_truth, config, coco_verbose);
            if (harvest_cmd->parsed()) return harvest(coco_annotations, coco_images, harvest_out, config);
            return evalCoco(coco_annotations, coco_images, config, coco_verbose);
        }
        return evalMnist(dir, model, batch, limit, plot, live_path);
    } catch (const cv::Exception& e) {
        spdlog::error("opencv: {}", e.err);
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
    }
    return 1;
}
