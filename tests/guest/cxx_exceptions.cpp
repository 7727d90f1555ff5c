// cxx_exceptions.cpp: C++ runtime support on the guest: exceptions thrown and caught across frames
// (unwinding through .eh_frame with libgcc's unwinder, running destructors on the way), rethrow, nested
// try blocks, exceptions of class type carrying a std::string, and the standard containers and algorithms
// (std::string, std::vector, std::map, std::sort), printed as results and checksums.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

static int live_objects;
static std::string trail;

struct Guard {
    explicit Guard(char c) : tag(c) { live_objects++; }
    ~Guard() { live_objects--; trail += tag; }
    char tag;
};

struct MyError : std::runtime_error {
    MyError(const std::string &what, int c) : std::runtime_error(what), code(c) {}
    int code;
};

static int __attribute__((noinline)) thrower(int depth, int kind)
{
    Guard g(static_cast<char>('a' + depth % 26));
    if (depth == 0) {
        switch (kind) {
        case 0: throw 42;
        case 1: throw MyError("deep error " + std::to_string(kind), 7);
        case 2: throw std::out_of_range("range");
        default: throw std::string("a string");
        }
    }
    return thrower(depth - 1, kind) + 1;
}

int main()
{
    for (int kind = 0; kind < 4; kind++) {
        trail.clear();
        try {
            thrower(5, kind);
            std::printf("no throw?\n");
        } catch (int v) {
            std::printf("caught int %d", v);
        } catch (const MyError &e) {
            std::printf("caught MyError '%s' code %d", e.what(), e.code);
        } catch (const std::exception &e) {
            std::printf("caught std::exception '%s'", e.what());
        } catch (...) {
            std::printf("caught something else");
        }
        std::printf(", destructors ran in order '%s', live objects %d\n", trail.c_str(), live_objects);
    }

    // rethrow from a catch handler, through a function with a cleanup
    try {
        try {
            thrower(3, 1);
        } catch (MyError &e) {
            e.code++;
            throw;
        }
    } catch (const MyError &e) {
        std::printf("rethrown MyError code %d\n", e.code);
    }

    // exception inside a destructor-bearing loop, many times (tests unwinder caching)
    long caught = 0;
    for (int i = 0; i < 2000; i++) {
        try {
            if (i % 3)
                throw i;
        } catch (int v) {
            caught += v;
        }
    }
    std::printf("2000 throws, sum of caught %ld\n", caught);

    try {
        std::vector<int> v(3);
        (void)v.at(10);
    } catch (const std::out_of_range &) {
        std::printf("vector::at out of range threw\n");
    }

    // containers
    std::vector<std::string> words;
    const char *text = "the quick brown fox jumps over the lazy dog and the quick cat";
    std::string cur;
    for (const char *p = text;; p++) {
        if (*p == ' ' || *p == 0) {
            if (!cur.empty())
                words.push_back(cur);
            cur.clear();
            if (!*p)
                break;
        } else {
            cur += *p;
        }
    }
    std::map<std::string, int> freq;
    for (const auto &w : words)
        freq[w]++;
    std::printf("words %zu, distinct %zu:", words.size(), freq.size());
    for (const auto &kv : freq)
        std::printf(" %s=%d", kv.first.c_str(), kv.second);
    std::printf("\n");
    std::sort(words.begin(), words.end(), [](const std::string &a, const std::string &b) {
        return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    std::string joined;
    for (const auto &w : words)
        joined += w + ",";
    std::printf("sorted by length then name: %s\n", joined.c_str());

    std::vector<unsigned> nums;
    unsigned x = 12345;
    for (int i = 0; i < 100000; i++) {
        x = x * 1103515245u + 12345u;
        nums.push_back(x >> 8);
    }
    std::sort(nums.begin(), nums.end());
    unsigned long long h = 0;
    for (unsigned n : nums)
        h = h * 1000003ull + n;
    std::printf("sorted 100000 numbers: first %u last %u is_sorted %d checksum %llx\n", nums.front(), nums.back(),
                (int)std::is_sorted(nums.begin(), nums.end()), h);
    auto u = std::make_unique<std::map<int, std::string>>();
    for (int i = 0; i < 1000; i++)
        (*u)[(i * 7919) % 1000] = std::to_string(i);
    std::printf("map 1000: first %d->%s last %d->%s sum of keys %d\n", u->begin()->first, u->begin()->second.c_str(),
                u->rbegin()->first, u->rbegin()->second.c_str(),
                std::accumulate(u->begin(), u->end(), 0, [](int a, const auto &kv) { return a + kv.first; }));
    return 0;
}
