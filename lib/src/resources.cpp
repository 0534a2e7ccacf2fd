#include "digitcam/resources.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "digitcam/classifier.hpp"

namespace digitcam {
namespace fs = std::filesystem;

std::vector<fs::path> dataDirs() {
    std::vector<fs::path> dirs;
    if (const char* env = std::getenv("DIGITCAM_DATA_DIR"); env && *env) dirs.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) dirs.push_back(exe.parent_path().parent_path() / "share" / "digitcam");
    dirs.emplace_back(DIGITCAM_SOURCE_DIR);
    return dirs;
}

std::optional<fs::path> findDataFile(const fs::path& relative) {
    for (const fs::path& dir : dataDirs()) {
        std::error_code ec;
        const fs::path candidate = dir / relative;
        if (fs::is_regular_file(candidate, ec)) return candidate;
    }
    return std::nullopt;
}

std::optional<fs::path> configFile(const std::optional<std::string>& given) {
    if (given) return fs::path(*given);
    return findDataFile("configs/default.yaml");
}

namespace {

// `given`, or when it is empty the bundled file `bundled`; `fix` says what to do when there is none.
fs::path givenOrBundled(const std::string& given, const fs::path& bundled, std::string_view fix) {
    if (!given.empty()) return given;
    if (auto found = findDataFile(bundled)) return *found;
    std::string searched;
    for (const auto& dir : dataDirs()) searched += (searched.empty() ? "" : ", ") + dir.string();
    throw ModelError(fmt::format("model: {} not found in {} ({})", bundled.string(), searched, fix));
}

}  // namespace

fs::path modelPath(const ClassifierConfig& config) {
    return givenOrBundled(
        config.model, bundledModel(config.kind),
        config.kind == ClassifierKind::Svm ? "run `make svm` to make it" : "set classifier.model");
}

fs::path displayModelPath(const ClassifierConfig& config) {
    return givenOrBundled(config.display_model, kBundledDisplayModel,
                          "set classifier.display_model, or classifier.display=false");
}

void resolveModels(Config& config) {
    config.classifier.model = modelPath(config.classifier).string();
    if (config.classifier.display)
        config.classifier.display_model = displayModelPath(config.classifier).string();
}

}  // namespace digitcam
