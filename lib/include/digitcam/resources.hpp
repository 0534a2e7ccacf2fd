// Finds the files DigitCam ships with (default config, bundled model) from any working directory.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

namespace digitcam {

// Folders searched, in order: $DIGITCAM_DATA_DIR, <exe>/../share/digitcam (installed), the source tree
// the binary was built from.
std::vector<std::filesystem::path> dataDirs();

// The first existing `relative` under dataDirs(), e.g. "configs/default.yaml".
std::optional<std::filesystem::path> findDataFile(const std::filesystem::path& relative);

}  // namespace digitcam
