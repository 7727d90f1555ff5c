/* atomics.c: C11 atomics in one thread. On riscv64 these compile to AMOs (amoadd, amoswap, amoand, amoor,
 * amoxor, amomin/max, on words and doublewords) and LR/SC loops (compare_exchange, and the sub-word atomics
 * that GCC builds from masked LR/SC on the containing word). Each operation's old value and the final
 * value are checked against plain arithmetic, and sub-word operations also check that the neighbouring
 * bytes of the same word are untouched. GCC 12 calls libatomic for the sub-word ones, hence:
 * guest-test: libs -latomic
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t h = 0xcbf29ce484222325ULL;

static void mix(uint64_t v)
{
    h = (h ^ v) * 0x100000001b3ULL;
}

static _Atomic int32_t w32;
static _Atomic int64_t w64;
static _Atomic uint32_t u32;
static _Atomic uint64_t u64;
static struct { uint8_t before; _Atomic uint8_t b; _Atomic uint16_t s; uint8_t after[4]; } __attribute__((aligned(8))) sub;

int main(void)
{
    int mismatches = 0;
    int32_t m32 = 0;
    int64_t m64 = 0;
    uint32_t mu = 0;
    uint64_t mu64 = 0;
    uint64_t x = 0x2545f4914f6cdd1dULL;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int32_t v = (int32_t)x;
        int64_t v64 = (int64_t)(x * 0x9e3779b97f4a7c15ULL);
        int32_t old;
        int64_t old64;
        uint32_t oldu;
        uint64_t oldu64;
        switch (i % 9) {
        case 0:
            old = atomic_fetch_add(&w32, v);
            mismatches += old != m32;
            m32 = (int32_t)((uint32_t)m32 + (uint32_t)v);
            old64 = atomic_fetch_add(&w64, v64);
            mismatches += old64 != m64;
            m64 = (int64_t)((uint64_t)m64 + (uint64_t)v64);
            break;
        case 1:
            old = atomic_fetch_sub(&w32, v);
            mismatches += old != m32;
            m32 = (int32_t)((uint32_t)m32 - (uint32_t)v);
            old64 = atomic_fetch_sub(&w64, v64);
            mismatches += old64 != m64;
            m64 = (int64_t)((uint64_t)m64 - (uint64_t)v64);
            break;
        case 2:
            oldu = atomic_fetch_and(&u32, (uint32_t)v | 0x0f0f0f0fu);
            mismatches += oldu != mu;
            mu &= (uint32_t)v | 0x0f0f0f0fu;
            oldu64 = atomic_fetch_and(&u64, (uint64_t)v64 | 0xff00ff00ff00ff00ULL);
            mismatches += oldu64 != mu64;
            mu64 &= (uint64_t)v64 | 0xff00ff00ff00ff00ULL;
            break;
        case 3:
            oldu = atomic_fetch_or(&u32, (uint32_t)v & 0x10204081u);
            mismatches += oldu != mu;
            mu |= (uint32_t)v & 0x10204081u;
            oldu64 = atomic_fetch_or(&u64, (uint64_t)v64 & 0x0102040810204080ULL);
            mismatches += oldu64 != mu64;
            mu64 |= (uint64_t)v64 & 0x0102040810204080ULL;
            break;
        case 4:
            oldu = atomic_fetch_xor(&u32, (uint32_t)v);
            mismatches += oldu != mu;
            mu ^= (uint32_t)v;
            oldu64 = atomic_fetch_xor(&u64, (uint64_t)v64);
            mismatches += oldu64 != mu64;
            mu64 ^= (uint64_t)v64;
            break;
        case 5:
            old = atomic_exchange(&w32, v);
            mismatches += old != m32;
            m32 = v;
            oldu64 = atomic_exchange(&u64, (uint64_t)v64);
            mismatches += oldu64 != mu64;
            mu64 = (uint64_t)v64;
            break;
        case 6: {
            /* compare_exchange: one failing attempt (wrong expected) then a CAS loop doing a multiply */
            int32_t wrong = m32 + 1;
            int ok = atomic_compare_exchange_strong(&w32, &wrong, 5);
            mismatches += ok || wrong != m32;
            int32_t cur = atomic_load(&w32);
            while (!atomic_compare_exchange_weak(&w32, &cur, (int32_t)((uint32_t)cur * 3u + 1u)))
                ;
            m32 = (int32_t)((uint32_t)m32 * 3u + 1u);
            int64_t c64 = atomic_load(&w64);
            while (!atomic_compare_exchange_weak(&w64, &c64, c64 ^ (v64 >> 3)))
                ;
            m64 ^= v64 >> 3;
            break;
        }
        case 7: {
            /* signed and unsigned min/max through CAS loops, which GCC may emit as amomin/amomax */
            int32_t cur = atomic_load(&w32);
            while (cur > v && !atomic_compare_exchange_weak(&w32, &cur, v))
                ;
            if (m32 > v)
                m32 = v;
            uint32_t cu = atomic_load(&u32);
            while (cu < (uint32_t)v && !atomic_compare_exchange_weak(&u32, &cu, (uint32_t)v))
                ;
            if (mu < (uint32_t)v)
                mu = (uint32_t)v;
            break;
        }
        default: {
            /* sub-word atomics: byte and halfword, neighbours must not change */
            sub.before = 0xa5;
            sub.after[0] = 0x5a;
            uint8_t ob = atomic_fetch_add(&sub.b, (uint8_t)v);
            uint16_t os = atomic_fetch_xor(&sub.s, (uint16_t)(v >> 8));
            uint8_t eb = ob;
            atomic_compare_exchange_strong(&sub.b, &eb, (uint8_t)(eb + 1));
            mix(ob);
            mix(os);
            mismatches += sub.before != 0xa5 || sub.after[0] != 0x5a;
            break;
        }
        }
        mismatches += atomic_load(&w32) != m32 || atomic_load(&w64) != m64 || atomic_load(&u32) != mu ||
                      atomic_load(&u64) != mu64;
        mix((uint64_t)m32);
        mix((uint64_t)m64);
        mix(mu);
        mix(mu64);
    }
    printf("20000 atomic operations, mismatches with plain arithmetic: %d\n", mismatches);
    printf("final w32 %d w64 %lld u32 %u u64 %llu byte %u half %u\n", (int)atomic_load(&w32),
           (long long)atomic_load(&w64), (unsigned)atomic_load(&u32), (unsigned long long)atomic_load(&u64),
           (unsigned)atomic_load(&sub.b), (unsigned)atomic_load(&sub.s));
    printf("checksum %016llx\n", (unsigned long long)h);

    atomic_flag f = ATOMIC_FLAG_INIT;
    int first = atomic_flag_test_and_set(&f), second = atomic_flag_test_and_set(&f);
    atomic_flag_clear(&f);
    int third = atomic_flag_test_and_set(&f);
    printf("atomic_flag test_and_set: %d %d, after clear %d\n", first, second, third);
    atomic_thread_fence(memory_order_seq_cst);
    _Atomic long counter = 0;
    for (int i = 0; i < 100000; i++)
        atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    printf("relaxed counter %ld, lock-free int %d long %d\n", (long)atomic_load(&counter),
           (int)atomic_is_lock_free(&w32), (int)atomic_is_lock_free(&w64));
    return mismatches != 0;
}
