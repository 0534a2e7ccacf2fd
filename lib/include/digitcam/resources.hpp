// Finds the files DigitCam ships with (default config, bundled model) from any working directory.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "digitcam/config.hpp"

namespace digitcam {

// Folders searched, in order: $DIGITCAM_DATA_DIR, <exe>/../share/digitcam (installed), the source tree
// the binary was built from.
std::vector<std::filesystem::path> dataDirs();

// The first existing `relative` under dataDirs(), e.g. "configs/default.yaml".
std::optional<std::filesystem::path> findDataFile(const std::filesystem::path& relative);

// The config to load: `given`, else the bundled configs/default.yaml, else none (built-in defaults).
std::optional<std::filesystem::path> configFile(const std::optional<std::string>& given);

// config.model, or when it is empty the bundled model of config.kind; throws ModelError naming where it
// looked when there is none.
std::filesystem::path modelPath(const ClassifierConfig& config);

// config.display_model, or when it is empty the bundled kBundledDisplayModel; throws ModelError naming
// where it looked when there is none.
std::filesystem::path displayModelPath(const ClassifierConfig& config);

// Sets classifier.model, and classifier.display_model when classifier.display is on, to the files they
// name (modelPath, displayModelPath): what FrameProcessor loads.
void resolveModels(Config& config);

}  // namespace digitcam
