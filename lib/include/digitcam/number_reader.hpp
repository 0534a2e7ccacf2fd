// Groups digits into the numbers a person would read: digits on one text line, left to right, split
// where the gap is wider than config.max_gap digit heights.
#pragma once

#include <vector>

#include "digitcam/config.hpp"
#include "digitcam/types.hpp"

namespace digitcam {

class NumberReader {
  public:
    explicit NumberReader(ReadingConfig config);

    // Numbers in reading order: text lines top to bottom, each left to right.
    std::vector<Number> read(std::vector<Digit> digits) const;

  private:
    bool follows(const Digit& previous, const Digit& next) const;
    ReadingConfig config_;
};

}  // namespace digitcam
