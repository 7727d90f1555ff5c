// cxx_threads: std::thread, std::mutex, std::condition_variable, std::async/future and
// thread_local in C++, built dynamically and statically like every guest test.
// guest-test: libs -pthread
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <numeric>
#include <thread>
#include <vector>

thread_local int tl_counter = 5;

int main()
{
    std::vector<std::thread> pool;
    std::vector<long> partial(6, 0);
    for (int i = 0; i < 6; i++)
        pool.emplace_back([i, &partial] {
            tl_counter += i;
            long s = 0;
            for (long k = 0; k <= 10000 * (i + 1); k++)
                s += k;
            partial[i] = s + tl_counter;
        });
    for (auto &t : pool)
        t.join();
    for (int i = 0; i < 6; i++)
        std::printf("partial %d = %ld\n", i, partial[i]);
    std::printf("main thread_local still %d\n", tl_counter);

    std::mutex m;
    std::condition_variable cv;
    int stage = 0;
    std::thread ping([&] {
        for (int r = 0; r < 100; r++) {
            std::unique_lock<std::mutex> lk(m);
            cv.wait(lk, [&] { return stage % 2 == 0; });
            stage++;
            cv.notify_all();
        }
    });
    std::thread pong([&] {
        for (int r = 0; r < 100; r++) {
            std::unique_lock<std::mutex> lk(m);
            cv.wait(lk, [&] { return stage % 2 == 1; });
            stage++;
            cv.notify_all();
        }
    });
    ping.join();
    pong.join();
    std::printf("ping-pong stages: %d\n", stage);

    std::atomic<long> total{0};
    std::vector<std::future<long>> futs;
    for (int i = 1; i <= 4; i++)
        futs.push_back(std::async(std::launch::async, [i, &total] {
            total += i;
            return (long)i * i;
        }));
    long sq = 0;
    for (auto &f : futs)
        sq += f.get();
    std::printf("async squares %ld, atomic total %ld\n", sq, total.load());
    return 0;
}
