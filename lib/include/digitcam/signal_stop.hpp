// Turns SIGINT and SIGTERM into a stop request, so that a run ended by Ctrl-C still finalizes its
// recording. A dedicated thread waits for the signals (sigtimedwait): no handler, no global flag.
#pragma once

#include <stop_token>
#include <thread>

#include <signal.h>

namespace digitcam {

class SignalStop {
  public:
    // Blocks SIGINT/SIGTERM in this thread and every thread started after it; call it first in main().
    // SIGPIPE is ignored so a closed pipe shows up as a write error, not a silent death.
    explicit SignalStop(std::stop_source stop);
    ~SignalStop();
    SignalStop(const SignalStop&) = delete;
    SignalStop& operator=(const SignalStop&) = delete;

  private:
    sigset_t old_mask_{};
    std::jthread waiter_;
};

}  // namespace digitcam
