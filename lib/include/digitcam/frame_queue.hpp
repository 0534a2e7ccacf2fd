// The bounded, lock-free single-producer/single-consumer hand-off between the capture thread and the
// processing thread. Waiting sleeps on a semaphore (moodycamel's circular buffer); nothing spins.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include <readerwriterqueue/readerwritercircularbuffer.h>

#include "digitcam/types.hpp"

namespace digitcam {

enum class QueuePolicy {
    // Live sources: latency must not grow. The consumer always takes the newest frame and the frames
    // that waited behind it are dropped; a full queue drops the incoming frame. Both are counted.
    DropStale,
    // Files: every frame is processed; a full queue makes the producer wait.
    Backpressure,
};

class FrameQueue {
  public:
    FrameQueue(std::size_t capacity, QueuePolicy policy);

    // Producer side. False when the frame was not queued: dropped (DropStale) or the queue was cancelled.
    bool push(Frame frame);
    // Producer side: no more frames will come; the consumer drains what is queued, then pop() fails.
    void close();

    // Consumer side. Waits for a frame; false once the queue is closed and empty, or cancelled.
    bool pop(Frame& out);

    // Either side: stop now and wake whoever waits.
    void cancel();
    bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

    std::int64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
    QueuePolicy policy() const { return policy_; }
    std::size_t capacity() const { return buffer_.max_capacity(); }

  private:
    moodycamel::BlockingReaderWriterCircularBuffer<Frame> buffer_;
    const QueuePolicy policy_;
    std::atomic<bool> closed_{false};
    std::atomic<bool> cancelled_{false};
    std::atomic<std::int64_t> dropped_{0};
};

}  // namespace digitcam
