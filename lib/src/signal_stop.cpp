#include "digitcam/signal_stop.hpp"

#include <cstdlib>
#include <ctime>

#include <spdlog/spdlog.h>

namespace digitcam {

SignalStop::SignalStop(std::stop_source stop) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, &old_mask_);
    ::signal(SIGPIPE, SIG_IGN);
    waiter_ = std::jthread([set, stop](std::stop_token self) mutable {
        int received = 0;
        while (!self.stop_requested()) {
            const timespec wait{0, 100'000'000};  // 100 ms: how late the destructor is noticed
            const int sig = sigtimedwait(&set, nullptr, &wait);
            if (sig < 0) continue;
            if (++received == 1) {
                spdlog::warn("{}: stopping; finishing the recording and outputs (again to quit at once)",
                             sig == SIGINT ? "SIGINT" : "SIGTERM");
                stop.request_stop();
            } else {
                spdlog::error("second signal: quitting without finishing outputs");
                std::_Exit(128 + sig);
            }
        }
    });
}

SignalStop::~SignalStop() {
    waiter_.request_stop();
    waiter_.join();
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

}  // namespace digitcam
