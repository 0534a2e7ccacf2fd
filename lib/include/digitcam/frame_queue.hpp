// The bounded, lock-free single-producer/single-consumer hand-off between two of the pipeline's threads
// (capture -> segmentation -> reading -> recording). Waiting sleeps on a semaphore (moodycamel's circular
// buffer); nothing spins.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include <readerwriterqueue/readerwritercircularbuffer.h>

#include "digitcam/types.hpp"

namespace digitcam {

enum class QueuePolicy {
    // Live sources: latency must not grow. The consumer always takes the newest item and the items
    // that waited behind it are dropped; a full queue drops the incoming item. Both are counted.
    DropStale,
    // Files: every item is handed over; a full queue makes the producer wait.
    Backpressure,
};

template <typename T>
class HandOffQueue {
  public:
    HandOffQueue(std::size_t capacity, QueuePolicy policy) : buffer_(capacity), policy_(policy) {}

    // Producer side. False when the item was not queued: dropped (DropStale) or the queue was cancelled.
    bool push(T item) {
        if (policy_ == QueuePolicy::DropStale) {
            if (cancelled()) return false;
            if (buffer_.try_enqueue(std::move(item))) return true;
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        while (!cancelled()) {
            // Moves from `item` only when it is queued.
            if (buffer_.wait_enqueue_timed(std::move(item), kWakeInterval)) return true;
        }
        return false;
    }
    // Producer side: no more items will come; the consumer drains what is queued, then pop() fails.
    void close() { closed_.store(true, std::memory_order_release); }
    // Consumer side. Waits for an item; false once the queue is closed and empty, or cancelled.
    bool pop(T& out) {
        for (;;) {
            if (cancelled()) return false;
            if (buffer_.wait_dequeue_timed(out, kWakeInterval)) break;
            // The producer may have queued its last item between our wait and its close().
            if (closed_.load(std::memory_order_acquire)) {
                if (buffer_.try_dequeue(out)) break;
                return false;
            }
        }
        if (policy_ == QueuePolicy::DropStale) {
            T newer;
            while (buffer_.try_dequeue(newer)) {
                out = std::move(newer);
                dropped_.fetch_add(1, std::memory_order_relaxed);
            }
        }
        return true;
    }
    // Consumer side: an item if one is queued, without waiting.
    bool tryPop(T& out) { return !cancelled() && buffer_.try_dequeue(out); }
    // Either side: stop now and wake whoever waits.
    void cancel() { cancelled_.store(true, std::memory_order_release); }
    bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

    std::int64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
    QueuePolicy policy() const { return policy_; }
    std::size_t capacity() const { return buffer_.max_capacity(); }

  private:
    // How long a blocked side sleeps before it looks at the close/cancel flags again. It bounds how late
    // a stop is noticed, not how fast items move: an item wakes the waiter at once.
    static constexpr std::chrono::milliseconds kWakeInterval{20};

    moodycamel::BlockingReaderWriterCircularBuffer<T> buffer_;
    const QueuePolicy policy_;
    std::atomic<bool> closed_{false};
    std::atomic<bool> cancelled_{false};
    std::atomic<std::int64_t> dropped_{0};
};

// Captured frames on their way to segmentation, and annotated ones to the recorder.
using FrameQueue = HandOffQueue<Frame>;

}  // namespace digitcam
