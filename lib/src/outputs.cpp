#include "digitcam/outputs.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iostream>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <opencv2/imgproc.hpp>

namespace digitcam {
namespace {

// The codecs to try for a file, best first; empty for an extension FFmpeg has no container for here.
std::vector<std::string> codecsFor(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".mp4" || ext == ".mov" || ext == ".m4v") return {"avc1", "mp4v"};
    if (ext == ".mkv") return {"avc1", "MJPG"};
    if (ext == ".avi") return {"MJPG"};
    return {};
}

nlohmann::ordered_json boxJson(const cv::Rect& r) {
    return {r.x, r.y, r.width, r.height};
}

const char* verdictName(Verdict v) {
    switch (v) {
        case Verdict::Digit:
            return "digit";
        case Verdict::NotADigit:
            return "not_a_digit";
        case Verdict::Unsure:
            return "unsure";
        case Verdict::Mark:
            return "mark";
        case Verdict::Ground:
            return "ground";
        case Verdict::Split:
            return "split";
        case Verdict::Joined:
            return "joined";
    }
    return "?";
}

// Three decimals are what a reader needs; more is noise in the file.
double rounded(double v, double unit = 1000.0) {
    return std::round(v * unit) / unit;
}

}  // namespace

VideoRecorder::VideoRecorder(std::filesystem::path path, double fps) : path_(std::move(path)), fps_(fps) {
    if (codecsFor(path_).empty()) {
        throw OutputError(fmt::format("record: {}: unknown video extension (use .mp4, .mkv, .mov or .avi)",
                                      path_.string()));
    }
    const auto parent = path_.parent_path();
    std::error_code ec;
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
        throw OutputError(
            fmt::format("record: {}: folder {} does not exist", path_.string(), parent.string()));
    }
}

VideoRecorder::~VideoRecorder() {
    close();
}

void VideoRecorder::write(const cv::Mat& frame, double time_ms) {
    if (!writer_.isOpened()) {
        size_ = frame.size();
        for (const std::string& codec : codecsFor(path_)) {
            const int fourcc = cv::VideoWriter::fourcc(codec[0], codec[1], codec[2], codec[3]);
            if (writer_.open(path_.string(), cv::CAP_FFMPEG, fourcc, fps_, size_, true)) {
                codec_ = codec;
                break;
            }
        }
        if (!writer_.isOpened()) {
            throw OutputError(fmt::format("record: {}: cannot open for writing (no codec among {})",
                                          path_.string(), fmt::join(codecsFor(path_), ", ")));
        }
        spdlog::info("recording {} ({}x{}, {:.2f} fps, {})", path_.string(), size_.width, size_.height, fps_,
                     codec_);
        first_ms_ = time_ms;
    } else {
        // Rounding, not flooring: a live source's frames come a little early or late, and only a frame
        // more than half an interval behind its slot has had one dropped before it.
        const std::int64_t slot = std::llround((time_ms - first_ms_) * fps_ / 1000.0);
        for (; frames_ < slot; ++frames_, ++repeated_) writer_.write(last_);
    }
    // A copy of our own: the caller may reuse its buffer for the next frame.
    if (frame.size() != size_) {
        cv::resize(frame, last_, size_, 0, 0, cv::INTER_AREA);
    } else {
        frame.copyTo(last_);
    }
    writer_.write(last_);
    ++frames_;
}

void VideoRecorder::close() {
    if (writer_.isOpened()) {
        writer_.release();
        spdlog::info("recording {} closed: {} frames ({} repeated for frames not processed)", path_.string(),
                     frames_, repeated_);
    }
}

nlohmann::ordered_json toJson(const FrameResult& r) {
    nlohmann::ordered_json digits = nlohmann::ordered_json::array();
    for (const Digit& d : r.digits) {
        digits.push_back({{"box", boxJson(d.box)}, {"digit", d.label}, {"conf", rounded(d.conf)}});
    }
    nlohmann::ordered_json numbers = nlohmann::ordered_json::array();
    for (const Number& n : r.numbers) {
        numbers.push_back({{"box", boxJson(n.box)}, {"text", n.text}, {"conf", rounded(n.conf)}});
    }
    nlohmann::ordered_json out = {{"frame", r.index},
                                  {"source", r.source},
                                  {"time_ms", rounded(r.time_ms, 10.0)},
                                  {"width", r.size.width},
                                  {"height", r.size.height},
                                  {"candidates", r.candidates},
                                  {"not_digits", r.not_digits},
                                  {"pieces_left_out", r.pieces_left_out},
                                  {"digits", std::move(digits)},
                                  {"numbers", std::move(numbers)},
                                  {"latency_ms", rounded(r.latency_ms, 10.0)}};
    // Only with cam --debug: the fate of every piece of ink, for tuning and for scripts.
    if (!r.trace.empty()) {
        nlohmann::ordered_json trace = nlohmann::ordered_json::array();
        for (const Traced& t : r.trace) {
            nlohmann::ordered_json entry = {{"box", boxJson(t.box)}, {"verdict", verdictName(t.verdict)}};
            if (t.label >= 0) {
                entry["class"] = t.label;
                entry["conf"] = rounded(t.conf);
            }
            trace.push_back(std::move(entry));
        }
        out["trace"] = std::move(trace);
    }
    return out;
}

JsonLinesWriter::JsonLinesWriter(const std::string& target) : target_(target), out_(&std::cout) {
    if (target_ != "-") {
        file_.open(target_, std::ios::out | std::ios::trunc);
        if (!file_) throw OutputError(fmt::format("json: {}: cannot open for writing", target_));
        out_ = &file_;
    }
}

void JsonLinesWriter::write(const FrameResult& result) {
    // Flushed line by line: a run stopped at any point leaves only whole lines behind.
    *out_ << toJson(result).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n'
          << std::flush;
    if (!*out_) throw OutputError(fmt::format("json: {}: write failed", target_ == "-" ? "stdout" : target_));
}

}  // namespace digitcam
