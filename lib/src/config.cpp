#include "digitcam/config.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <utility>

#include <fmt/format.h>
#include <opencv2/core.hpp>

namespace digitcam {
namespace {

// A value as written, before it is known to fit its key: from YAML or from `--set`.
struct RawValue {
    enum class Kind { Int, Real, Text, Other } kind = Kind::Other;
    double number = 0.0;
    std::string text;  // the value as the user wrote it, for messages
};

struct KeySpec {
    std::string name;     // section.key
    std::string allowed;  // "an odd integer from 3 to 255"
    // Stores the value; false when it does not fit (the caller reports `allowed`).
    std::function<bool(Config&, const RawValue&)> set;
};

template <typename Access>
KeySpec intKey(std::string name, Access access, int lo, int hi, std::string allowed = {},
               std::function<bool(int)> extra = {}) {
    if (allowed.empty()) allowed = fmt::format("an integer from {} to {}", lo, hi);
    return {std::move(name), std::move(allowed), [=](Config& c, const RawValue& v) {
                if (v.kind != RawValue::Kind::Int) return false;
                if (v.number < lo || v.number > hi) return false;
                const int value = static_cast<int>(v.number);
                if (extra && !extra(value)) return false;
                access(c) = value;
                return true;
            }};
}

template <typename Access>
KeySpec realKey(std::string name, Access access, double lo, double hi) {
    return {std::move(name), fmt::format("a number from {} to {}", lo, hi),
            [=](Config& c, const RawValue& v) {
                if (v.kind != RawValue::Kind::Int && v.kind != RawValue::Kind::Real) return false;
                if (!std::isfinite(v.number) || v.number < lo || v.number > hi) return false;
                access(c) = v.number;
                return true;
            }};
}

template <typename Access>
KeySpec boolKey(std::string name, Access access) {
    return {std::move(name), "true or false", [=](Config& c, const RawValue& v) {
                if (v.kind != RawValue::Kind::Text || (v.text != "true" && v.text != "false")) return false;
                access(c) = v.text == "true";
                return true;
            }};
}

template <typename Enum, typename Access>
KeySpec enumKey(std::string name, Access access, std::vector<std::pair<std::string, Enum>> choices) {
    std::string allowed = "one of";
    for (std::size_t i = 0; i < choices.size(); ++i) allowed += (i ? ", " : " ") + choices[i].first;
    return {std::move(name), std::move(allowed), [=](Config& c, const RawValue& v) {
                if (v.kind != RawValue::Kind::Text) return false;
                for (const auto& [word, value] : choices) {
                    if (v.text == word) {
                        access(c) = value;
                        return true;
                    }
                }
                return false;
            }};
}

template <typename Access>
KeySpec textKey(std::string name, Access access, std::string allowed) {
    return {std::move(name), std::move(allowed), [=](Config& c, const RawValue& v) {
                if (v.kind != RawValue::Kind::Text) return false;
                access(c) = v.text;
                return true;
            }};
}

bool isOdd(int v) {
    return v % 2 == 1;
}
bool isOffOrOdd(int v) {
    return v == 0 || v % 2 == 1;
}
bool isOffOrScale(int v) {
    return v != 1;
}

const std::vector<KeySpec>& keySpecs() {
    static const std::vector<KeySpec> specs = [] {
        std::vector<KeySpec> k;
        k.push_back(intKey(
            "capture.queue_capacity", [](Config& c) -> int& { return c.capture.queue_capacity; }, 1, 256));
        k.push_back(enumKey<FramePolicy>("capture.policy",
                                         [](Config& c) -> FramePolicy& { return c.capture.policy; },
                                         {{"auto", FramePolicy::Auto},
                                          {"drop_stale", FramePolicy::DropStale},
                                          {"backpressure", FramePolicy::Backpressure}}));
        k.push_back(realKey(
            "capture.fallback_fps", [](Config& c) -> double& { return c.capture.fallback_fps; }, 1.0, 240.0));

        k.push_back(enumKey<Polarity>("segmentation.polarity",
                                      [](Config& c) -> Polarity& { return c.segmentation.polarity; },
                                      {{"dark_on_light", Polarity::DarkOnLight},
                                       {"light_on_dark", Polarity::LightOnDark},
                                       {"both", Polarity::Both}}));
        k.push_back(intKey(
            "segmentation.blur", [](Config& c) -> int& { return c.segmentation.blur; }, 0, 31,
            "0 (off) or an odd integer up to 31", isOffOrOdd));
        k.push_back(enumKey<ThresholdMethod>(
            "segmentation.method", [](Config& c) -> ThresholdMethod& { return c.segmentation.method; },
            {{"mean", ThresholdMethod::Mean}, {"gaussian", ThresholdMethod::Gaussian}}));
        k.push_back(intKey(
            "segmentation.block_size", [](Config& c) -> int& { return c.segmentation.block_size; }, 3, 255,
            "an odd integer from 3 to 255", isOdd));
        k.push_back(realKey(
            "segmentation.c", [](Config& c) -> double& { return c.segmentation.c; }, -255.0, 255.0));
        k.push_back(intKey(
            "segmentation.morph_open", [](Config& c) -> int& { return c.segmentation.morph_open; }, 0, 31,
            "0 (off) or an odd integer up to 31", isOffOrOdd));
        k.push_back(intKey(
            "segmentation.morph_close", [](Config& c) -> int& { return c.segmentation.morph_close; }, 0, 31,
            "0 (off) or an odd integer up to 31", isOffOrOdd));
        k.push_back(intKey(
            "segmentation.min_height", [](Config& c) -> int& { return c.segmentation.min_height; }, 4, 4096));
        k.push_back(realKey(
            "segmentation.max_height_ratio",
            [](Config& c) -> double& { return c.segmentation.max_height_ratio; }, 0.01, 1.0));
        k.push_back(realKey(
            "segmentation.min_aspect", [](Config& c) -> double& { return c.segmentation.min_aspect; }, 0.01,
            10.0));
        k.push_back(realKey(
            "segmentation.max_aspect", [](Config& c) -> double& { return c.segmentation.max_aspect; }, 0.01,
            10.0));
        k.push_back(realKey(
            "segmentation.min_fill", [](Config& c) -> double& { return c.segmentation.min_fill; }, 0.0, 1.0));
        k.push_back(realKey(
            "segmentation.max_fill", [](Config& c) -> double& { return c.segmentation.max_fill; }, 0.0, 1.0));
        k.push_back(intKey(
            "segmentation.max_candidates", [](Config& c) -> int& { return c.segmentation.max_candidates; }, 1,
            4096));
        k.push_back(intKey(
            "segmentation.max_pieces", [](Config& c) -> int& { return c.segmentation.max_pieces; }, 0,
            100000));
        k.push_back(intKey(
            "segmentation.rule_length", [](Config& c) -> int& { return c.segmentation.rule_length; }, 0,
            100000));
        k.push_back(intKey(
            "segmentation.coarse_scale", [](Config& c) -> int& { return c.segmentation.coarse_scale; }, 0, 8,
            "0 (off) or an integer from 2 to 8", isOffOrScale));

        k.push_back(enumKey<ClassifierKind>("classifier.kind",
                                            [](Config& c) -> ClassifierKind& { return c.classifier.kind; },
                                            {{"cnn", ClassifierKind::Cnn}, {"svm", ClassifierKind::Svm}}));
        k.push_back(textKey(
            "classifier.model", [](Config& c) -> std::string& { return c.classifier.model; },
            "a path to a model file (empty: the bundled model of classifier.kind)"));
        k.push_back(boolKey("classifier.display", [](Config& c) -> bool& { return c.classifier.display; }));
        k.push_back(textKey(
            "classifier.display_model", [](Config& c) -> std::string& { return c.classifier.display_model; },
            "a path to an ONNX model file (empty: the bundled models/digits-display.onnx)"));
        k.push_back(realKey(
            "classifier.min_confidence", [](Config& c) -> double& { return c.classifier.min_confidence; },
            0.0, 1.0));
        k.push_back(realKey(
            "classifier.second_look", [](Config& c) -> double& { return c.classifier.second_look; }, 0.0,
            1.0));
        k.push_back(intKey(
            "classifier.shaded_below", [](Config& c) -> int& { return c.classifier.shaded_below; }, 0, 4096));
        k.push_back(intKey(
            "classifier.threads", [](Config& c) -> int& { return c.classifier.threads; }, 0, 256));

        k.push_back(realKey(
            "reading.max_gap", [](Config& c) -> double& { return c.reading.max_gap; }, 0.0, 20.0));
        k.push_back(realKey(
            "reading.line_overlap", [](Config& c) -> double& { return c.reading.line_overlap; }, 0.0, 1.0));
        k.push_back(realKey(
            "reading.max_height_ratio", [](Config& c) -> double& { return c.reading.max_height_ratio; }, 1.0,
            10.0));
        k.push_back(intKey(
            "reading.min_digits", [](Config& c) -> int& { return c.reading.min_digits; }, 1, 64));
        k.push_back(
            boolKey("reading.digits_in_words", [](Config& c) -> bool& { return c.reading.digits_in_words; }));
        k.push_back(boolKey("reading.lone_ones", [](Config& c) -> bool& { return c.reading.lone_ones; }));
        k.push_back(realKey(
            "reading.min_confidence_beside_digit",
            [](Config& c) -> double& { return c.reading.min_confidence_beside_digit; }, 0.0, 1.0));
        k.push_back(realKey(
            "reading.min_confidence_beside_digit_shaded",
            [](Config& c) -> double& { return c.reading.min_confidence_beside_digit_shaded; }, 0.0, 1.0));
        k.push_back(realKey(
            "reading.min_confidence_between_digits",
            [](Config& c) -> double& { return c.reading.min_confidence_between_digits; }, 0.0, 1.0));
        k.push_back(realKey(
            "reading.min_confidence_alone",
            [](Config& c) -> double& { return c.reading.min_confidence_alone; }, 0.0, 1.0));

        k.push_back(intKey(
            "tracking.frames", [](Config& c) -> int& { return c.tracking.frames; }, 0, 1000));
        k.push_back(realKey(
            "tracking.scene_change", [](Config& c) -> double& { return c.tracking.scene_change; }, 0.0,
            255.0));

        k.push_back(boolKey("render.hud", [](Config& c) -> bool& { return c.render.hud; }));
        k.push_back(boolKey("render.digit_labels", [](Config& c) -> bool& { return c.render.digit_labels; }));
        k.push_back(intKey(
            "render.thickness", [](Config& c) -> int& { return c.render.thickness; }, 1, 16));
        return k;
    }();
    return specs;
}

const KeySpec* findKey(std::string_view name) {
    for (const auto& spec : keySpecs()) {
        if (spec.name == name) return &spec;
    }
    return nullptr;
}

std::string sectionKeys(std::string_view section) {
    std::string out;
    for (const auto& spec : keySpecs()) {
        if (spec.name.rfind(std::string(section) + ".", 0) == 0) {
            out += (out.empty() ? "" : ", ") + spec.name.substr(section.size() + 1);
        }
    }
    return out;
}

std::string sections() {
    std::string out;
    std::string last;
    for (const auto& spec : keySpecs()) {
        const std::string section = spec.name.substr(0, spec.name.find('.'));
        if (section != last) out += (out.empty() ? "" : ", ") + section;
        last = section;
    }
    return out;
}

void setKey(Config& config, std::string_view name, const RawValue& value, std::string_view where) {
    const KeySpec* spec = findKey(name);
    if (!spec) {
        const auto dot = name.find('.');
        const std::string section(name.substr(0, dot));
        const std::string known = sectionKeys(section);
        if (known.empty()) {
            throw ConfigError(
                fmt::format("config: {}: unknown section '{}' (sections: {})", where, section, sections()));
        }
        throw ConfigError(
            fmt::format("config: {}: unknown key '{}' ({} keys: {})", where, name, section, known));
    }
    if (!spec->set(config, value)) {
        throw ConfigError(
            fmt::format("config: {}: {} = '{}': must be {}", where, name, value.text, spec->allowed));
    }
}

// Reads a value written on the command line the way YAML would read it.
RawValue parseText(std::string_view text) {
    RawValue v;
    v.text = std::string(text);
    long long i = 0;
    auto [ip, iec] = std::from_chars(text.data(), text.data() + text.size(), i);
    if (iec == std::errc() && ip == text.data() + text.size() && !text.empty()) {
        v.kind = RawValue::Kind::Int;
        v.number = static_cast<double>(i);
        return v;
    }
    double d = 0.0;
    auto [dp, dec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (dec == std::errc() && dp == text.data() + text.size() && !text.empty()) {
        v.kind = RawValue::Kind::Real;
        v.number = d;
        return v;
    }
    v.kind = RawValue::Kind::Text;
    return v;
}

RawValue fromNode(const cv::FileNode& node) {
    RawValue v;
    if (node.isInt()) {
        v.kind = RawValue::Kind::Int;
        v.number = static_cast<double>(static_cast<int>(node));
        v.text = std::to_string(static_cast<int>(node));
    } else if (node.isReal()) {
        v.kind = RawValue::Kind::Real;
        v.number = static_cast<double>(node);
        v.text = fmt::format("{}", v.number);
    } else if (node.isString()) {
        v.kind = RawValue::Kind::Text;
        v.text = static_cast<std::string>(node);
    } else {
        v.kind = RawValue::Kind::Other;
        v.text = node.isSeq() ? "[...]" : node.isMap() ? "{...}" : "";
    }
    return v;
}

}  // namespace

Config loadConfig(const std::filesystem::path& file, Config base) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("config: {}: cannot open file", file.string()));
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    // cv::FileStorage insists on the %YAML directive; users writing a config by hand should not have to.
    if (yaml.rfind("%YAML", 0) != 0) yaml = "%YAML:1.0\n---\n" + yaml;

    cv::FileStorage fs;
    try {
        fs.open(yaml, cv::FileStorage::READ | cv::FileStorage::MEMORY | cv::FileStorage::FORMAT_YAML);
    } catch (const cv::Exception& e) {
        throw ConfigError(fmt::format("config: {}: not valid YAML ({})", file.string(), e.err));
    }
    if (!fs.isOpened()) throw ConfigError(fmt::format("config: {}: not valid YAML", file.string()));

    const cv::FileNode root = fs.root();
    if (!root.isMap() && !root.empty()) {
        throw ConfigError(fmt::format("config: {}: expected sections (capture, segmentation, ...) at the top",
                                      file.string()));
    }
    const std::string where = file.string();
    const std::string model_before = base.classifier.model;
    const std::string display_model_before = base.classifier.display_model;
    for (const auto& section : root) {
        const std::string section_name = section.name();
        if (!section.isMap()) {
            if (sectionKeys(section_name).empty()) {
                throw ConfigError(fmt::format("config: {}: unknown section '{}' (sections: {})", where,
                                              section_name, sections()));
            }
            throw ConfigError(fmt::format("config: {}: '{}' must be a section of keys ({})", where,
                                          section_name, sectionKeys(section_name)));
        }
        for (const auto& key : section) {
            setKey(base, section_name + "." + key.name(), fromNode(key), where);
        }
    }
    const auto besideFile = [&](std::string& path, const std::string& before) {
        if (path == before || path.empty()) return;
        const std::filesystem::path model(path);
        if (model.is_relative()) path = (file.parent_path() / model).lexically_normal().string();
    };
    besideFile(base.classifier.model, model_before);
    besideFile(base.classifier.display_model, display_model_before);
    return base;
}

void applyOverride(Config& config, std::string_view assignment) {
    const auto eq = assignment.find('=');
    const auto dot = assignment.find('.');
    if (eq == std::string_view::npos || dot == std::string_view::npos || dot > eq) {
        throw ConfigError(
            fmt::format("config: --set '{}': expected section.key=value, e.g. "
                        "segmentation.block_size=31",
                        assignment));
    }
    setKey(config, assignment.substr(0, eq), parseText(assignment.substr(eq + 1)), "--set");
}

void validateConfig(const Config& c) {
    const auto& s = c.segmentation;
    if (s.min_aspect > s.max_aspect) {
        throw ConfigError(
            fmt::format("config: segmentation.min_aspect = {} is above segmentation.max_aspect = {}",
                        s.min_aspect, s.max_aspect));
    }
    if (s.min_fill > s.max_fill) {
        throw ConfigError(
            fmt::format("config: segmentation.min_fill = {} is above segmentation.max_fill = {}", s.min_fill,
                        s.max_fill));
    }
}

Config buildConfig(const std::optional<std::filesystem::path>& file,
                   const std::vector<std::string>& overrides) {
    Config config = file ? loadConfig(*file) : Config{};
    for (const auto& assignment : overrides) applyOverride(config, assignment);
    validateConfig(config);
    return config;
}

std::vector<std::string> configKeys() {
    std::vector<std::string> names;
    for (const auto& spec : keySpecs()) names.push_back(spec.name);
    return names;
}

std::string_view bundledModel(ClassifierKind kind) {
    return kind == ClassifierKind::Svm ? "models/digits-svm.yml" : "models/digits.onnx";
}

std::string_view toString(FramePolicy policy) {
    switch (policy) {
        case FramePolicy::Auto:
            return "auto";
        case FramePolicy::DropStale:
            return "drop_stale";
        case FramePolicy::Backpressure:
            return "backpressure";
    }
    return "?";
}

}  // namespace digitcam
