// STREAM-like triad a = b + s*c over 3 x 160 MB arrays, 1 and 2 threads; best of 5.
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>
int main() {
    const std::size_t n = 20'000'000;
    std::vector<double> a(n, 1), b(n, 2), c(n, 3);
    for (int threads : {1, 2}) {
        double best = 1e9;
        for (int rep = 0; rep < 5; ++rep) {
            const auto t0 = std::chrono::steady_clock::now();
            std::vector<std::thread> ts;
            for (int t = 0; t < threads; ++t)
                ts.emplace_back([&, t] {
                    const std::size_t lo = n * t / threads, hi = n * (t + 1) / threads;
                    for (std::size_t i = lo; i < hi; ++i) a[i] = b[i] + 3.0 * c[i];
                });
            for (auto& x : ts) x.join();
            best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        std::printf("%d thread(s): triad %.1f GB/s (24 bytes an element, stores counted once)\n", threads, 24.0 * n / best / 1e9);
    }
    std::printf("%g\n", a[n / 2]);
}
