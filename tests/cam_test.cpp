// Runs the real `cam` binary as a user would and checks what it leaves behind.
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "test_support.hpp"

extern char** environ;

namespace digitcam {
namespace {

using namespace std::chrono_literals;

struct CamRun {
    int exit_code = -1;
    std::string out;
    std::string err;
};

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string quote(const std::string& s) {
    return fmt::format("'{}'", std::regex_replace(s, std::regex("'"), "'\\''"));
}

// Runs cam with `args` in `cwd`; stdout and stderr are captured.
CamRun cam(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
    std::string command = fmt::format("cd {} && {}", quote(cwd.string()), quote(DIGITCAM_CAM_BINARY));
    for (const auto& a : args) command += fmt::format(" {}", quote(a));
    command += fmt::format(" > {} 2> {}", quote((cwd / "stdout.txt").string()),
                           quote((cwd / "stderr.txt").string()));
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(cwd / "stdout.txt"),
            slurp(cwd / "stderr.txt")};
}

std::vector<nlohmann::json> jsonLines(const std::string& text) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

int countFrames(const std::filesystem::path& video) {
    cv::VideoCapture capture(video.string());
    if (!capture.isOpened()) return -1;
    int n = 0;
    cv::Mat img;
    while (capture.read(img)) ++n;
    return n;
}

// A clip with two lines of handwritten numbers, moving a little, as H.264 in .mp4.
std::filesystem::path writeClip(const std::filesystem::path& dir, int frames,
                                const std::string& name = "clip.mp4") {
    const auto path = dir / name;
    cv::VideoWriter writer(path.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('a', 'v', 'c', '1'), 25.0,
                           {640, 360});
    EXPECT_TRUE(writer.isOpened());
    for (int i = 0; i < frames; ++i) {
        cv::Mat page = test::blankPage({640, 360}, i);
        const int dx = (i % 20) - 10;
        test::writeDigits(page, "1990", {60 + dx, 50}, 70, 14);
        test::writeDigits(page, "358", {200 + dx, 200}, 60, 12, 1);
        writer.write(page);
    }
    return path;
}

TEST(Cam, HeadlessRunWritesEveryFrameAndAPlayableRecording) {
    const auto dir = test::tempDir();
    const auto clip = writeClip(dir, 30);
    const CamRun run =
        cam({"--source", clip.string(), "--headless", "--json", "out.jsonl", "--record", "out.mp4"}, dir);
    ASSERT_EQ(run.exit_code, 0) << run.err;

    const auto lines = jsonLines(slurp(dir / "out.jsonl"));
    ASSERT_EQ(lines.size(), 30u);
    int read_both = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& j = lines[i];
        EXPECT_EQ(j["frame"], i);
        EXPECT_EQ(j["source"], clip.string());
        EXPECT_EQ(j["width"], 640);
        EXPECT_EQ(j["height"], 360);
        EXPECT_NEAR(j["time_ms"].get<double>(), static_cast<double>(i) * 40.0, 0.1);
        EXPECT_GE(j["latency_ms"].get<double>(), 0.0);
        std::vector<std::string> numbers;
        for (const auto& n : j["numbers"]) numbers.push_back(n["text"]);
        for (const auto& d : j["digits"]) {
            ASSERT_EQ(d["box"].size(), 4u);
            EXPECT_GE(d["conf"].get<double>(), 0.7);
        }
        read_both += numbers == std::vector<std::string>{"1990", "358"} ? 1 : 0;
    }
    EXPECT_GE(read_both, 27) << "frames where both numbers were read exactly, of 30";
    EXPECT_EQ(countFrames(dir / "out.mp4"), 30);
    EXPECT_NE(run.err.find("numbers read: 1990"), std::string::npos) << run.err;
}

TEST(Cam, UnknownConfigKeyStopsWithOneLine) {
    const auto dir = test::tempDir();
    const CamRun run =
        cam({"--source", "whatever.mp4", "--headless", "--set", "segmentation.blok_size=31"}, dir);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_NE(run.err.find("segmentation.blok_size"), std::string::npos) << run.err;

    std::ofstream(dir / "bad.yaml") << "reading:\n  max_gap: -1\n";
    const CamRun bad = cam({"--config", "bad.yaml", "--headless"}, dir);
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("bad.yaml"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("reading.max_gap"), std::string::npos) << bad.err;
}

TEST(Cam, BadCommandLineIsOneLineAndExitTwo) {
    const auto dir = test::tempDir();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--max-frames", "-3"}, std::vector<std::string>{"--no-such-flag"},
          std::vector<std::string>{"--log-level", "loud"}}) {
        const CamRun run = cam(args, dir);
        EXPECT_EQ(run.exit_code, 2) << args[0];
        EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
        EXPECT_NE(run.err.find(args[0]), std::string::npos) << run.err;
    }
    EXPECT_EQ(cam({"--help"}, dir).exit_code, 0);
}

TEST(Cam, BadSourceIsNamedAndFails) {
    const auto dir = test::tempDir();
    const CamRun missing = cam({"--source", "no-such-clip.mp4", "--headless"}, dir);
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("no-such-clip.mp4"), std::string::npos) << missing.err;

    std::ofstream(dir / "garbage.mp4") << "not a video at all";
    const CamRun garbage = cam({"--source", "garbage.mp4", "--headless"}, dir);
    EXPECT_EQ(garbage.exit_code, 1);
    EXPECT_NE(garbage.err.find("garbage.mp4"), std::string::npos) << garbage.err;

    const CamRun odd =
        cam({"--source", writeClip(dir, 2).string(), "--headless", "--record", "out.xyz"}, dir);
    EXPECT_EQ(odd.exit_code, 1);
    EXPECT_NE(odd.err.find("out.xyz: unknown video extension"), std::string::npos) << odd.err;

    const CamRun unwritable =
        cam({"--source", writeClip(dir, 2).string(), "--headless", "--json", "/nonexistent/x.jsonl"}, dir);
    EXPECT_EQ(unwritable.exit_code, 1);
    EXPECT_NE(unwritable.err.find("/nonexistent/x.jsonl"), std::string::npos) << unwritable.err;
}

TEST(Cam, ReadsAFolderOfImagesInNameOrder) {
    const auto dir = test::tempDir();
    const auto images = dir / "my scans";
    std::filesystem::create_directories(images);
    const std::vector<std::string> names = {"a 1.png", "b.jpg", "c.png"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        cv::Mat page = test::blankPage({400, 200}, static_cast<int>(i));
        test::writeDigits(page, std::to_string(42 + i), {60, 50}, 80, 14, 1);
        cv::imwrite((images / names[i]).string(), page);
    }
    std::ofstream(images / "notes.txt") << "not an image";
    const CamRun run = cam({"--source", images.string(), "--headless", "--json", "-"}, dir);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto lines = jsonLines(run.out);  // stdout holds JSON only: the log is on stderr
    ASSERT_EQ(lines.size(), 3u);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        EXPECT_EQ(lines[i]["frame"], i);
        EXPECT_EQ(lines[i]["source"], (images / names[i]).string());
        ASSERT_EQ(lines[i]["numbers"].size(), 1u) << lines[i].dump();
        EXPECT_EQ(lines[i]["numbers"][0]["text"], std::to_string(42 + i));
    }
}

// The same five pictures, the last with another digit in the same place: in a video the number is
// followed from frame to frame and shows as read most often (tracking.frames); a folder's images are
// pictures of their own, each read alone.
TEST(Cam, FollowsNumbersFromFrameToFrameOfAVideoNotOfAFolder) {
    const auto dir = test::tempDir();
    const auto images = dir / "pictures";
    std::filesystem::create_directories(images);
    const auto clip = dir / "clip.avi";
    cv::VideoWriter writer(clip.string(), cv::CAP_FFMPEG, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25.0,
                           {500, 250});
    ASSERT_TRUE(writer.isOpened());
    for (int i = 0; i < 5; ++i) {
        cv::Mat page = test::blankPage({500, 250});
        test::writeDigits(page, i < 4 ? "2072" : "2078", {50, 60}, 90, 16);
        writer.write(page);
        cv::imwrite((images / fmt::format("{}.png", i)).string(), page);
    }
    writer.release();
    auto lastNumbers = [&](const std::string& source) {
        const CamRun run = cam({"--source", source, "--headless", "--json", "-"}, dir);
        EXPECT_EQ(run.exit_code, 0) << run.err;
        const auto lines = jsonLines(run.out);
        EXPECT_EQ(lines.size(), 5u);
        std::string texts;
        for (const auto& n : lines.back()["numbers"]) texts += n["text"].get<std::string>() + " ";
        return texts;
    };
    EXPECT_EQ(lastNumbers(images.string()), "2078 ");
    EXPECT_EQ(lastNumbers(clip.string()), "2072 ");
}

TEST(Cam, ReadsAStillImageFromAnyWorkingDirectory) {
    const auto dir = test::tempDir();
    cv::Mat page = test::blankPage({500, 250});
    test::writeDigits(page, "2072", {50, 60}, 90, 16);
    cv::imwrite((dir / "note.png").string(), page);
    // cwd is the temp folder: cam must find its default config and model by itself.
    const CamRun run = cam({"--source", "note.png", "--headless", "--json", "-"}, dir);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto lines = jsonLines(run.out);
    ASSERT_EQ(lines.size(), 1u);
    ASSERT_EQ(lines[0]["numbers"].size(), 1u) << lines[0].dump();
    EXPECT_EQ(lines[0]["numbers"][0]["text"], "2072");
}

// An image a few pixels wide is a frame like any other: no digits, no error.
TEST(Cam, ReadsAnImageOfAFewPixels) {
    const auto dir = test::tempDir();
    cv::imwrite((dir / "dot.png").string(), cv::Mat(3, 3, CV_8UC3, cv::Scalar(200, 200, 200)));
    const CamRun run = cam({"--source", "dot.png", "--headless", "--json", "-"}, dir);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto lines = jsonLines(run.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_TRUE(lines[0]["numbers"].empty()) << lines[0].dump();
}

// The "not a digit" class at work in cam: printed letters beside a handwritten number are candidates
// the classifier turns down, so only the number is reported. (Hershey glyphs: a typeface training never saw.)
TEST(Cam, LettersBesideANumberAreNotReportedAsDigits) {
    const auto dir = test::tempDir();
    cv::Mat page = test::blankPage({760, 240});
    cv::putText(page, "FAX", {40, 160}, cv::FONT_HERSHEY_SIMPLEX, 3.2, cv::Scalar(30, 30, 30), 9,
                cv::LINE_AA);
    test::writeDigits(page, "2072", {320, 70}, 90, 16);
    cv::imwrite((dir / "fax.png").string(), page);
    const CamRun run = cam({"--source", "fax.png", "--headless", "--json", "-"}, dir);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto lines = jsonLines(run.out);
    ASSERT_EQ(lines.size(), 1u);
    ASSERT_EQ(lines[0]["numbers"].size(), 1u) << lines[0].dump();
    EXPECT_EQ(lines[0]["numbers"][0]["text"], "2072");
    EXPECT_EQ(lines[0]["digits"].size(), 4u) << lines[0].dump();
    EXPECT_GE(lines[0]["not_digits"].get<int>(), 3) << lines[0].dump();
}

// Starts cam on a long clip, sends `signal` once some frames are written, and checks that the
// recording plays and holds exactly the frames the JSON lines describe.
void expectCleanStopOn(int signal) {
    const auto dir = test::tempDir();
    const auto clip = writeClip(dir, 250);
    const std::string out_mp4 = (dir / "out.mp4").string();
    const std::string out_json = (dir / "out.jsonl").string();
    const std::string log = (dir / "stderr.txt").string();
    std::vector<std::string> args = {DIGITCAM_CAM_BINARY,
                                     "--source",
                                     clip.string(),
                                     "--headless",
                                     "--record",
                                     out_mp4,
                                     "--json",
                                     out_json,
                                     "--set",
                                     "classifier.threads=1"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);

    // Stop it once it has written some frames, long before the clip ends.
    for (int i = 0; i < 200 && jsonLines(slurp(out_json)).size() < 10; ++i) std::this_thread::sleep_for(50ms);
    ASSERT_EQ(kill(pid, signal), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << slurp(log);
    EXPECT_EQ(WEXITSTATUS(status), 0) << slurp(log);

    const auto lines = jsonLines(slurp(out_json));  // throws on a half-written line
    EXPECT_GE(lines.size(), 10u);
    EXPECT_LT(lines.size(), 250u) << "the signal came after the end: the test proved nothing";
    EXPECT_EQ(countFrames(out_mp4), static_cast<int>(lines.size()));
    EXPECT_NE(slurp(log).find("stopped by signal"), std::string::npos) << slurp(log);
}

TEST(Cam, RunsTheSvmBaselineThroughTheSamePipeline) {
    const auto dir = test::tempDir();
    const auto svm = test::trainSmallSvm(dir, 3000);
    cv::Mat page = test::blankPage({500, 250});
    test::writeDigits(page, "2072", {50, 60}, 90, 16, 5);
    cv::imwrite((dir / "note.png").string(), page);
    const CamRun run = cam({"--source", "note.png", "--headless", "--json", "-", "--set",
                            "classifier.kind=svm", "--set", "classifier.model=" + svm.string()},
                           dir);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto lines = jsonLines(run.out);
    ASSERT_EQ(lines.size(), 1u);
    ASSERT_EQ(lines[0]["digits"].size(), 4u) << lines[0].dump();
    for (const auto& d : lines[0]["digits"]) {
        EXPECT_GE(d["digit"].get<int>(), 0);
        EXPECT_LE(d["digit"].get<int>(), 9);
    }

    const CamRun missing = cam({"--source", "note.png", "--headless", "--set", "classifier.kind=svm", "--set",
                                "classifier.model=nothing.yml"},
                               dir);
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("nothing.yml"), std::string::npos) << missing.err;

    const CamRun no_display_model =
        cam({"--source", "note.png", "--headless", "--set", "classifier.display_model=nothing.onnx"}, dir);
    EXPECT_EQ(no_display_model.exit_code, 1);
    EXPECT_NE(no_display_model.err.find("nothing.onnx"), std::string::npos) << no_display_model.err;
}

TEST(Cam, SigintLeavesAPlayableRecordingAndWholeJsonLines) {
    expectCleanStopOn(SIGINT);
}

TEST(Cam, SigtermLeavesAPlayableRecordingAndWholeJsonLines) {
    expectCleanStopOn(SIGTERM);
}

TEST(Cam, LiveStreamDropsStaleFramesInsteadOfFallingBehind) {
    const auto dir = test::tempDir();
    // A live source paced at 30 fps by GStreamer, as a camera would be.
    const std::string pipeline =
        "videotestsrc is-live=true num-buffers=45 pattern=ball ! "
        "video/x-raw,width=320,height=240,framerate=30/1 "
        "! videoconvert ! video/x-raw,format=BGR ! appsink sync=true";
    const CamRun run = cam({"--source", pipeline, "--headless", "--json", "out.jsonl"}, dir);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.err.find("stale frames dropped"), std::string::npos) << run.err;
    const auto lines = jsonLines(slurp(dir / "out.jsonl"));
    ASSERT_FALSE(lines.empty());
    EXPECT_LE(lines.size(), 45u);
    for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_GT(lines[i]["frame"], lines[i - 1]["frame"]);
    // Kept up with the camera: no frame waited for long.
    for (const auto& j : lines) EXPECT_LT(j["latency_ms"].get<double>(), 500.0);
}

}  // namespace
}  // namespace digitcam
