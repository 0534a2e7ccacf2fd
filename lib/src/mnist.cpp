#include "digitcam/mnist.hpp"

#include <fstream>

#include <fmt/format.h>

namespace digitcam {
namespace {

std::vector<unsigned char> readAll(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw DatasetError(fmt::format("mnist: {}: cannot open (run scripts/fetch_mnist.sh)", path.string()));
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void putBigEndian(std::vector<unsigned char>& data, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) data.push_back(static_cast<unsigned char>(value >> shift));
}

void writeAll(const std::filesystem::path& path, const std::vector<unsigned char>& data) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    if (!out) throw DatasetError(fmt::format("idx: {}: cannot write", path.string()));
}

std::uint32_t bigEndian(const std::vector<unsigned char>& data, std::size_t at) {
    return (std::uint32_t{data[at]} << 24) | (std::uint32_t{data[at + 1]} << 16) |
           (std::uint32_t{data[at + 2]} << 8) | std::uint32_t{data[at + 3]};
}

// Checks magic number and size; returns the item count from the header.
std::size_t checkHeader(const std::vector<unsigned char>& data, const std::filesystem::path& path,
                        std::uint32_t magic, std::size_t header) {
    if (data.size() < header) {
        throw DatasetError(fmt::format("mnist: {}: truncated header ({} bytes)", path.string(), data.size()));
    }
    const std::uint32_t got = bigEndian(data, 0);
    if (got != magic) {
        throw DatasetError(
            fmt::format("mnist: {}: magic number 0x{:08x}, expected 0x{:08x}", path.string(), got, magic));
    }
    return bigEndian(data, 4);
}

}  // namespace

MnistSet readMnist(const std::filesystem::path& dir, const std::string& split, std::size_t limit) {
    const std::string prefix = split == "train" ? "train" : "t10k";
    return readIdxCrops(dir / (prefix + "-images-idx3-ubyte"), dir / (prefix + "-labels-idx1-ubyte"), 9,
                        limit);
}

MnistSet readIdxCrops(const std::filesystem::path& images_path, const std::filesystem::path& labels_path,
                      int max_label, std::size_t limit) {
    const auto images = readAll(images_path);
    const auto labels = readAll(labels_path);

    const std::size_t n_images = checkHeader(images, images_path, 0x803, 16);
    const std::size_t rows = bigEndian(images, 8);
    const std::size_t cols = bigEndian(images, 12);
    if (rows != 28 || cols != 28) {
        throw DatasetError(
            fmt::format("mnist: {}: images are {}x{}, expected 28x28", images_path.string(), rows, cols));
    }
    if (images.size() != 16 + n_images * rows * cols) {
        throw DatasetError(fmt::format("mnist: {}: {} bytes, but the header's {} images need {}",
                                       images_path.string(), images.size(), n_images,
                                       16 + n_images * rows * cols));
    }
    const std::size_t n_labels = checkHeader(labels, labels_path, 0x801, 8);
    if (labels.size() != 8 + n_labels) {
        throw DatasetError(fmt::format("mnist: {}: {} bytes, but the header's {} labels need {}",
                                       labels_path.string(), labels.size(), n_labels, 8 + n_labels));
    }
    if (n_images != n_labels) {
        throw DatasetError(fmt::format("mnist: {} holds {} images but {} holds {} labels",
                                       images_path.string(), n_images, labels_path.string(), n_labels));
    }

    const std::size_t n = limit > 0 ? std::min(limit, n_images) : n_images;
    MnistSet set;
    set.images.reserve(n);
    set.labels.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const int label = labels[8 + i];
        if (label > max_label) {
            throw DatasetError(fmt::format("mnist: {}: label {} at item {} is above {}", labels_path.string(),
                                           label, i, max_label));
        }
        cv::Mat image(28, 28, CV_8U);
        std::copy_n(images.begin() + static_cast<long>(16 + i * 784), 784, image.data);
        set.images.push_back(image);
        set.labels.push_back(label);
    }
    return set;
}

void writeIdxCrops(const std::filesystem::path& images_path, const std::filesystem::path& labels_path,
                   const MnistSet& set) {
    if (set.images.size() != set.labels.size()) {
        throw DatasetError(fmt::format("idx: {}: {} images but {} labels", images_path.string(),
                                       set.images.size(), set.labels.size()));
    }
    const auto n = static_cast<std::uint32_t>(set.images.size());
    std::vector<unsigned char> images;
    images.reserve(16 + std::size_t{n} * 784);
    for (const std::uint32_t word : {0x803u, n, 28u, 28u}) putBigEndian(images, word);
    std::vector<unsigned char> labels;
    labels.reserve(8 + std::size_t{n});
    for (const std::uint32_t word : {0x801u, n}) putBigEndian(labels, word);
    for (std::size_t i = 0; i < set.images.size(); ++i) {
        const cv::Mat& image = set.images[i];
        if (image.size() != cv::Size(28, 28) || image.type() != CV_8U || set.labels[i] < 0 ||
            set.labels[i] > 255) {
            throw DatasetError(fmt::format("idx: {}: item {} is not a 28x28 8-bit crop with a label 0..255",
                                           images_path.string(), i));
        }
        const cv::Mat row = image.isContinuous() ? image : image.clone();
        images.insert(images.end(), row.data, row.data + 784);
        labels.push_back(static_cast<unsigned char>(set.labels[i]));
    }
    writeAll(images_path, images);
    writeAll(labels_path, labels);
}

}  // namespace digitcam
