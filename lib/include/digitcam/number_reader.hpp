// Groups digits into the numbers a person would read: digits on one text line, left to right, split
// where the gap is wider than config.max_gap digit heights or holds a mark (a dot, a dash, a letter).
#pragma once

#include <vector>

#include "digitcam/config.hpp"
#include "digitcam/types.hpp"

namespace digitcam {

class NumberReader {
  public:
    explicit NumberReader(ReadingConfig config);

    // Numbers in reading order: text lines top to bottom, each left to right. A mark of the digits'
    // polarity in the gap between two digits splits them.
    std::vector<Number> read(std::vector<Digit> digits, const std::vector<Mark>& marks = {}) const;

  private:
    bool follows(const Digit& previous, const Digit& next) const;
    static bool separated(const Digit& previous, const Digit& next, const std::vector<Mark>& marks);
    ReadingConfig config_;
};

}  // namespace digitcam
