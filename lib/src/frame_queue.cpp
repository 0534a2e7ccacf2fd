#include "digitcam/frame_queue.hpp"

#include <chrono>
#include <utility>

namespace digitcam {
namespace {
// How long a blocked side sleeps before it looks at the close/cancel flags again. It bounds how late a
// stop is noticed, not how fast frames move: a frame wakes the waiter at once.
constexpr std::chrono::milliseconds kWakeInterval{20};
}  // namespace

FrameQueue::FrameQueue(std::size_t capacity, QueuePolicy policy) : buffer_(capacity), policy_(policy) {}

bool FrameQueue::push(Frame frame) {
    if (policy_ == QueuePolicy::DropStale) {
        if (cancelled()) return false;
        if (buffer_.try_enqueue(std::move(frame))) return true;
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    while (!cancelled()) {
        if (buffer_.wait_enqueue_timed(std::move(frame), kWakeInterval)) return true;
    }
    return false;
}

void FrameQueue::close() {
    closed_.store(true, std::memory_order_release);
}

void FrameQueue::cancel() {
    cancelled_.store(true, std::memory_order_release);
}

bool FrameQueue::pop(Frame& out) {
    for (;;) {
        if (cancelled()) return false;
        if (buffer_.wait_dequeue_timed(out, kWakeInterval)) break;
        // The producer may have queued its last frame between our wait and its close().
        if (closed_.load(std::memory_order_acquire)) {
            if (buffer_.try_dequeue(out)) break;
            return false;
        }
    }
    if (policy_ == QueuePolicy::DropStale) {
        Frame newer;
        while (buffer_.try_dequeue(newer)) {
            out = std::move(newer);
            dropped_.fetch_add(1, std::memory_order_relaxed);
        }
    }
    return true;
}

}  // namespace digitcam
