/* signal_flood_loop: signals must reach a thread that spins in a loop with no system call and
 * no call in it, every one of them, and a handler must be able to end the loop.
 *
 *   1. usr1 handshake: a thread spins in `while (!stop) spins++;` while the main thread sends it
 *      SIGUSR1 2000 times with pthread_kill, each time waiting until the handler has run, so
 *      none can be merged with another: exactly 2000 handler runs, all in the spinning thread.
 *   2. rt flood: 20000 SIGRTMIN with values 0..19999 queued to the same spinning thread with
 *      pthread_sigqueue as fast as they are accepted (EAGAIN, a full queue, is waited out):
 *      every one must be handled exactly once, in the order queued (Linux delivers queued
 *      real-time signals of one number in order), with si_code SI_QUEUE and our pid.
 *   3. stop: a SIGUSR2 handler sets the flag the loop tests; the thread must end promptly.
 *   4. register loops: a thread spins in a one-instruction loop on a register (riscv64
 *      `beqz a0, .` and `beqz t3, .`; x86-64 `test; jz .` on rax and r12), which reads no
 *      memory at all; the SIGUSR2 handler sets that register in the saved context when it
 *      interrupted the loop, and the loop must end after the handler returns.
 *   5. timers in the main thread (the other threads gone or blocking them): a one-shot
 *      ITIMER_REAL ends `while (!fired) n++;`, a 2 ms periodic one must tick 50 times into
 *      such a loop, ITIMER_VIRTUAL (CPU time) ends one too, and SIGALRM ends the register loop.
 * A watchdog thread turns a hang into a message naming the phase and exit status 2 (alarm()
 * cannot be the watchdog: the test uses ITIMER_REAL itself). The output names no counts that
 * depend on timing, so the native and riscv64 runs print the same.
 * guest-test: libs -pthread
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define HANDSHAKES 2000
#define RT_SIGNALS 20000
#define TICKS 50
#define WATCHDOG_S 40
#define PROMPT_S 5 /* how long a loop may take to end once its handler has run */

static const char *volatile phase = "start";
static volatile int finished;
static int failures;

static void wrong(const char *what)
{
    printf("WRONG: %s\n", what);
    failures++;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *watchdog(void *arg)
{
    (void)arg;
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += WATCHDOG_S;
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
        ;
    if (!finished) {
        fprintf(stderr, "signal_flood_loop: timed out in phase '%s'\n", phase);
        _exit(2);
    }
    return NULL;
}

/* ---- the C spinner: phases 1 to 3 ------------------------------------------------------------ */

static volatile int stop, spinner_done;
static volatile unsigned long spins;
static pthread_t spinner_thread;
static volatile int usr1_count, usr1_elsewhere;
static volatile int rt_count, rt_out_of_order, rt_bad_info, rt_elsewhere;
static pid_t my_pid;

static void on_usr1(int sig)
{
    (void)sig;
    if (!pthread_equal(pthread_self(), spinner_thread))
        usr1_elsewhere++;
    usr1_count++;
}

static void on_rt(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    if (!pthread_equal(pthread_self(), spinner_thread))
        rt_elsewhere++;
    if (si->si_value.sival_int != rt_count)
        rt_out_of_order++;
    if (si->si_code != SI_QUEUE || si->si_pid != my_pid)
        rt_bad_info++;
    rt_count++;
}

static void on_usr2_stop(int sig)
{
    (void)sig;
    stop = 1;
}

static void *spinner(void *arg)
{
    (void)arg;
    while (!stop)
        spins++;
    spinner_done = 1;
    return NULL;
}

/* ---- the register loops: phase 4 and the end of phase 5 --------------------------------------- */

/* Spins until the register tested is non-zero; starts it at 0. Returns the register's final
 * value. The loop lies between the labels reg_loop_N_lo and reg_loop_N_hi. */
/* The one-instruction (riscv64) or two-instruction (x86-64) loop that waits on a register */
#if defined(__riscv)
#define WAIT_ON(label) label ": beqz %0, " label "\n"
#elif defined(__x86_64__)
#define WAIT_ON(label) label ": test %0, %0\njz " label "\n"
#endif
#define REG_LOOP(n, reg, index)                                                                   \
    extern const char reg_loop_##n##_lo[], reg_loop_##n##_hi[];                                   \
    static const int reg_loop_##n##_index = index;                                                \
    __attribute__((noinline, noclone)) static long reg_loop_##n(void)                            \
    {                                                                                             \
        register long r __asm__(reg) = 0;                                                         \
        __asm__ volatile(".globl reg_loop_" #n "_lo\n" WAIT_ON("reg_loop_" #n "_lo")              \
                         ".globl reg_loop_" #n "_hi\nreg_loop_" #n "_hi:"                          \
                         : "+r"(r));                                                              \
        return r;                                                                                 \
    }
#if defined(__riscv)
REG_LOOP(1, "a0", REG_A0)
REG_LOOP(2, "t3", 28)
#define REG_OF(uc, i) ((uc)->uc_mcontext.__gregs[i])
#define PC_OF(uc) ((uc)->uc_mcontext.__gregs[REG_PC])
#elif defined(__x86_64__)
REG_LOOP(1, "rax", REG_RAX)
REG_LOOP(2, "r12", REG_R12)
#define REG_OF(uc, i) ((uc)->uc_mcontext.gregs[i])
#define PC_OF(uc) ((uc)->uc_mcontext.gregs[REG_RIP])
#else
#error "signal_flood_loop.c: no register loop for this architecture"
#endif

struct reg_loop {
    long (*fn)(void);
    const char *lo, *hi;
    int index;
    const char *name;
};
static const struct reg_loop reg_loops[2] = {
    { reg_loop_1, reg_loop_1_lo, reg_loop_1_hi, reg_loop_1_index, "register loop 1" },
    { reg_loop_2, reg_loop_2_lo, reg_loop_2_hi, reg_loop_2_index, "register loop 2" },
};
static const struct reg_loop *volatile cur_loop;
static volatile int reg_loop_hits;

/* Ends the current register loop if the signal interrupted it: its register := 7. */
static void on_reg_loop_signal(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = ucv;
    const struct reg_loop *l = cur_loop;
    unsigned long pc = (unsigned long)PC_OF(uc);
    if (l && pc >= (unsigned long)l->lo && pc < (unsigned long)l->hi && REG_OF(uc, l->index) == 0) {
        REG_OF(uc, l->index) = 7;
        reg_loop_hits++;
    }
}

static volatile int reg_loop_entered, reg_loop_done;
static volatile long reg_loop_result;

static void *reg_loop_thread(void *arg)
{
    const struct reg_loop *l = arg;
    reg_loop_entered = 1;
    reg_loop_result = l->fn();
    reg_loop_done = 1;
    return NULL;
}

/* ---- helpers ------------------------------------------------------------------------------- */

static void set_handler(int sig, void (*fn)(int), void (*act)(int, siginfo_t *, void *))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    if (act) {
        sa.sa_sigaction = act;
        sa.sa_flags = SA_SIGINFO;
    } else {
        sa.sa_handler = fn;
    }
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) != 0) {
        perror("sigaction");
        exit(1);
    }
}

/* Waits (yielding) until *flag becomes non-zero or limit seconds pass; returns whether it did. */
static int wait_flag(volatile int *flag, double limit)
{
    double end = now() + limit;
    while (!*flag) {
        if (now() > end)
            return 0;
        sched_yield();
    }
    return 1;
}

static void *start_blocking_timers(void *(*fn)(void *), void *arg, pthread_t *t)
{
    /* the new thread inherits the mask: it must never take the main thread's timer signals */
    sigset_t s, old;
    sigemptyset(&s);
    sigaddset(&s, SIGALRM);
    sigaddset(&s, SIGVTALRM);
    pthread_sigmask(SIG_BLOCK, &s, &old);
    int e = pthread_create(t, NULL, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (e) {
        printf("pthread_create: %s\n", strerror(e));
        exit(1);
    }
    return NULL;
}

/* ---- phases -------------------------------------------------------------------------------- */

static void usr1_handshake(void)
{
    phase = "usr1 handshake";
    set_handler(SIGUSR1, on_usr1, NULL);
    for (int i = 0; i < HANDSHAKES; i++) {
        int e = pthread_kill(spinner_thread, SIGUSR1);
        if (e) {
            printf("pthread_kill: %s\n", strerror(e));
            exit(1);
        }
        while (usr1_count <= i)
            sched_yield();
    }
    if (usr1_count != HANDSHAKES || usr1_elsewhere)
        wrong("SIGUSR1 handled a wrong number of times or in the wrong thread");
    printf("usr1 handshake: %d sent, %d handled in the spinning thread\n", HANDSHAKES,
           usr1_count - usr1_elsewhere);
}

static void rt_flood(void)
{
    phase = "rt flood";
    set_handler(SIGRTMIN, NULL, on_rt);
    int retries = 0;
    for (int i = 0; i < RT_SIGNALS; i++) {
        union sigval v = { .sival_int = i };
        int e;
        while ((e = pthread_sigqueue(spinner_thread, SIGRTMIN, v)) == EAGAIN) {
            retries++;
            sched_yield();
        }
        if (e) {
            printf("pthread_sigqueue: %s\n", strerror(e));
            exit(1);
        }
    }
    phase = "rt flood: waiting for the handler to catch up";
    double end = now() + 20;
    while (rt_count < RT_SIGNALS && now() < end)
        sched_yield();
    /* nothing more may come */
    struct timespec ms10 = { 0, 10 * 1000 * 1000 };
    nanosleep(&ms10, NULL);
    if (rt_count != RT_SIGNALS)
        wrong("not every queued SIGRTMIN was handled exactly once");
    if (rt_out_of_order)
        wrong("SIGRTMIN values handled out of the order they were queued in");
    if (rt_bad_info)
        wrong("SIGRTMIN with a wrong si_code or si_pid");
    if (rt_elsewhere)
        wrong("SIGRTMIN handled in a thread it was not sent to");
    printf("rt flood: %d queued, %s handled once each, in order\n", RT_SIGNALS,
           rt_count == RT_SIGNALS && !rt_out_of_order ? "all" : "NOT all");
    (void)retries;
}

static void stop_spinner(void)
{
    phase = "stop the spinner";
    set_handler(SIGUSR2, on_usr2_stop, NULL);
    /* the spinner must be spinning again before it is stopped: wait for it to count (on a
     * loaded machine it may not have been scheduled since the last phase) */
    unsigned long before = spins;
    double end = now() + PROMPT_S;
    while (spins == before && now() <= end)
        sched_yield();
    if (spins == before)
        wrong("the spinner never ran between the phases");
    pthread_kill(spinner_thread, SIGUSR2);
    int ended = wait_flag(&spinner_done, PROMPT_S);
    if (!ended)
        wrong("the spinning thread did not end within 5 s of its handler setting stop");
    else
        pthread_join(spinner_thread, NULL);
    printf("stop: the spinning thread ended after its handler set the flag\n");
}

static void register_loops(void)
{
    set_handler(SIGUSR2, NULL, on_reg_loop_signal);
    for (int k = 0; k < 2; k++) {
        const struct reg_loop *l = &reg_loops[k];
        phase = l->name;
        reg_loop_entered = reg_loop_done = 0;
        reg_loop_hits = 0;
        cur_loop = l;
        pthread_t t;
        start_blocking_timers(reg_loop_thread, (void *)l, &t);
        wait_flag(&reg_loop_entered, PROMPT_S);
        /* signal until the handler has caught the thread inside the loop (the first ones may
         * come before it is there), then the loop must end */
        double end = now() + 10;
        struct timespec ms1 = { 0, 1000 * 1000 };
        while (!reg_loop_hits && now() < end) {
            pthread_kill(t, SIGUSR2);
            nanosleep(&ms1, NULL);
        }
        int ended = reg_loop_hits && wait_flag(&reg_loop_done, PROMPT_S);
        if (!reg_loop_hits)
            wrong("no SIGUSR2 handler run interrupted the register loop within 10 s");
        else if (!ended)
            wrong("the register loop did not end after its handler set the register");
        else
            pthread_join(t, NULL);
        if (ended && reg_loop_result != 7)
            wrong("the register loop ended with another value than the handler's");
        printf("%s (SIGUSR2 to a thread): %s\n", l->name,
               ended ? "ended by its handler" : "DID NOT END");
        cur_loop = NULL;
    }
}

static volatile int alrm_count, vtalrm_count;
static void on_alrm(int sig)
{
    (void)sig;
    alrm_count++;
}
static void on_vtalrm(int sig)
{
    (void)sig;
    vtalrm_count++;
}

static void main_thread_timers(void)
{
    phase = "itimer real one-shot";
    set_handler(SIGALRM, on_alrm, NULL);
    set_handler(SIGVTALRM, on_vtalrm, NULL);
    struct itimerval it = { { 0, 0 }, { 0, 20 * 1000 } };
    unsigned long n = 0;
    alrm_count = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    while (!alrm_count)
        n++;
    printf("itimer real, one-shot: the busy loop ended\n");

    phase = "itimer real periodic";
    alrm_count = 0;
    it = (struct itimerval){ { 0, 2000 }, { 0, 2000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    while (alrm_count < TICKS)
        n++;
    it = (struct itimerval){ { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &it, NULL);
    printf("itimer real, periodic: %d ticks reached the busy loop\n", TICKS);

    phase = "itimer virtual";
    it = (struct itimerval){ { 0, 0 }, { 0, 30 * 1000 } };
    setitimer(ITIMER_VIRTUAL, &it, NULL);
    while (!vtalrm_count)
        n++;
    printf("itimer virtual: the busy loop ended\n");

    phase = "itimer real into a register loop";
    set_handler(SIGALRM, NULL, on_reg_loop_signal);
    for (int k = 0; k < 2; k++) {
        const struct reg_loop *l = &reg_loops[k];
        reg_loop_hits = 0;
        cur_loop = l;
        it = (struct itimerval){ { 0, 3000 }, { 0, 3000 } };
        setitimer(ITIMER_REAL, &it, NULL);
        long r = l->fn();
        it = (struct itimerval){ { 0, 0 }, { 0, 0 } };
        setitimer(ITIMER_REAL, &it, NULL);
        cur_loop = NULL;
        if (r != 7 || reg_loop_hits != 1)
            wrong("the register loop in the main thread did not end with the handler's value");
        printf("%s (SIGALRM in the main thread): ended by its handler\n", l->name);
    }
    (void)n;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    my_pid = getpid();
    pthread_t wd;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    if (pthread_create(&wd, NULL, watchdog, NULL) != 0)
        return 1;
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    start_blocking_timers(spinner, NULL, &spinner_thread);
    usr1_handshake();
    rt_flood();
    stop_spinner();
    register_loops();
    main_thread_timers();

    finished = 1;
    if (failures) {
        printf("%d checks failed\n", failures);
        return 1;
    }
    printf("all checks passed\n");
    return 0;
}
