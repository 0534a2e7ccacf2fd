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

fs::path modelPath(const ClassifierConfig& config) {
    if (!config.model.empty()) return config.model;
    const fs::path bundled(bundledModel(config.kind));
    if (auto found = findDataFile(bundled)) return *found;
    std::string searched;
    for (const auto& dir : dataDirs()) searched += (searched.empty() ? "" : ", ") + dir.string();
    const char* fix =
        config.kind == ClassifierKind::Svm ? "run `make svm` to make it" : "set classifier.model";
    throw ModelError(fmt::format("model: {} not found in {} ({})", bundled.string(), searched, fix));
}

}  // namespace digitcam
