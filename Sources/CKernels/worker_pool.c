#include "CKernels.h"
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

// Persistent worker threads for the parallel parts of one training update. An update of a small
// word model is a few milliseconds cut into ~10 parallel pieces; waking pool threads through the
// kernel (a futex, as Dispatch does) costs tens of microseconds a piece in a VM, more than the piece
// is worth. These workers spin on a generation counter for a while after each piece, so the next
// one starts within a microsecond, and sleep on a condition variable once idle (validation, a
// paused dashboard).

// The indices of a run are claimed one at a time, by the workers and by the calling thread alike:
// on a loaded machine a worker may not get a core for milliseconds, and then the caller runs its
// index instead of waiting (an index's work does not depend on which thread runs it, so the
// results are the same bits). The caller waits only for indices a worker has claimed.
//
// A waiting thread first spins with the CPU's pause hint, then yields its core between checks (on
// a loaded machine the thread it waits for may need that core), then sleeps.
#define SPINS_BEFORE_YIELDING (1 << 12)
#define SPINS_BEFORE_SLEEP (1 << 15)

struct bptt_pool {
    int workers;
    // Bumped to wake the workers for a run.
    _Atomic unsigned long generation;
    // The run being claimed, in one word so a claim checks all three at once: run number (high 32
    // bits), index count (16 bits), next unclaimed index (low 16 bits).
    _Atomic unsigned long long claim;
    // Indices of the current run not finished yet.
    _Atomic int pending;
    // Workers still allowed to join a run: run number (high 32 bits) and free seats (its thread
    // count minus the caller; low 32 bits), in one word so a worker late for one run cannot take a
    // seat of the next.
    _Atomic unsigned long long seats;
    _Atomic int busy;
    unsigned run; // the caller's run number (only the caller holding `busy` touches it)
    void (*fn)(void *, int);
    void *ctx;
    pthread_mutex_t mutex;
    pthread_cond_t wake;
    int sleepers;
};

struct worker_start {
    struct bptt_pool *pool;
};

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

// Claims the next index of run `run`, or returns -1 when that run has none left (or is over). fn
// and ctx may be read after a claim succeeds: the caller changes them only once every claimed index
// is finished.
static int claim_index(struct bptt_pool *pool, unsigned run) {
    unsigned long long word = atomic_load_explicit(&pool->claim, memory_order_acquire);
    for (;;) {
        const unsigned index = (unsigned)(word & 0xffff), count = (unsigned)((word >> 16) & 0xffff);
        if ((unsigned)(word >> 32) != run || index >= count) return -1;
        if (atomic_compare_exchange_weak_explicit(&pool->claim, &word, word + 1, memory_order_acq_rel,
                                                  memory_order_acquire))
            return (int)index;
    }
}

// Runs indices of run `run` until none is left.
static void run_claimed(struct bptt_pool *pool, unsigned run) {
    int index;
    while ((index = claim_index(pool, run)) >= 0) {
        pool->fn(pool->ctx, index);
        atomic_fetch_sub_explicit(&pool->pending, 1, memory_order_acq_rel);
    }
}

// Takes a seat of run `run`: 0 when that run is over or has no seat left.
static int take_seat(struct bptt_pool *pool, unsigned run) {
    unsigned long long word = atomic_load_explicit(&pool->seats, memory_order_acquire);
    for (;;) {
        if ((unsigned)(word >> 32) != run || (word & 0xffffffffu) == 0) return 0;
        if (atomic_compare_exchange_weak_explicit(&pool->seats, &word, word - 1, memory_order_acq_rel,
                                                  memory_order_acquire))
            return 1;
    }
}

static void *worker_main(void *arg) {
    struct worker_start start = *(struct worker_start *)arg;
    free(arg);
    struct bptt_pool *pool = start.pool;
    // Signals go to the program's other threads; the numeric code wants flush-to-zero throughout.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    (void)bptt_enable_ftz_daz();
    unsigned long seen = 0;
    for (;;) {
        unsigned long generation;
        int spins = 0;
        while ((generation = atomic_load_explicit(&pool->generation, memory_order_acquire)) == seen) {
            if (++spins < SPINS_BEFORE_SLEEP) {
                if (spins < SPINS_BEFORE_YIELDING) cpu_relax();
                else sched_yield();
                continue;
            }
            pthread_mutex_lock(&pool->mutex);
            pool->sleepers++;
            while (atomic_load_explicit(&pool->generation, memory_order_acquire) == seen)
                pthread_cond_wait(&pool->wake, &pool->mutex);
            pool->sleepers--;
            pthread_mutex_unlock(&pool->mutex);
            spins = 0;
        }
        seen = generation;
        // The run published before this generation (or a later one: then this takes part in that),
        // if it still has a seat: a run of 2 threads on a bigger machine keeps to 2.
        unsigned run = (unsigned)(atomic_load_explicit(&pool->claim, memory_order_acquire) >> 32);
        if (take_seat(pool, run)) run_claimed(pool, run);
    }
    return NULL;
}

static struct bptt_pool *shared_pool;
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

static void create_shared_pool(void) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int workers = cores > 1 ? (int)(cores > 64 ? 63 : cores - 1) : 0;
    struct bptt_pool *pool = calloc(1, sizeof *pool);
    if (!pool) return;
    pthread_mutex_init(&pool->mutex, NULL);
    pthread_cond_init(&pool->wake, NULL);
    int started = 0;
    for (int w = 0; w < workers; w++) {
        struct worker_start *start = malloc(sizeof *start);
        if (!start) break;
        start->pool = pool;
        pthread_t thread;
        if (pthread_create(&thread, NULL, worker_main, start) != 0) {
            free(start);
            break;
        }
        pthread_detach(thread);
        started++;
    }
    pool->workers = started;
    shared_pool = pool;
}

int bptt_pool_workers(void) {
    pthread_once(&shared_once, create_shared_pool);
    return shared_pool ? shared_pool->workers : 0;
}

int bptt_pool_run(int count, void (*fn)(void *ctx, int index), void *ctx) {
    return bptt_pool_run_on(count, count, fn, ctx);
}

int bptt_pool_run_on(int count, int threads, void (*fn)(void *ctx, int index), void *ctx) {
    pthread_once(&shared_once, create_shared_pool);
    struct bptt_pool *pool = shared_pool;
    if (threads > count) threads = count;
    if (!pool || count < 1 || count > 0xffff || threads < 1 || threads > pool->workers + 1) return 0;
    int idle = 0;
    // One run at a time: a nested or concurrent caller gets 0 and uses another way.
    if (!atomic_compare_exchange_strong_explicit(&pool->busy, &idle, 1, memory_order_acquire, memory_order_relaxed))
        return 0;
    pool->fn = fn;
    pool->ctx = ctx;
    const unsigned run = ++pool->run;
    atomic_store_explicit(&pool->pending, count, memory_order_relaxed);
    atomic_store_explicit(&pool->seats, ((unsigned long long)run << 32) | (unsigned)(threads - 1), memory_order_relaxed);
    atomic_store_explicit(&pool->claim, ((unsigned long long)run << 32) | ((unsigned long long)count << 16),
                          memory_order_release);
    atomic_fetch_add_explicit(&pool->generation, 1, memory_order_release);
    pthread_mutex_lock(&pool->mutex);
    if (pool->sleepers > 0) pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->mutex);
    run_claimed(pool, run);
    for (int spins = 0; atomic_load_explicit(&pool->pending, memory_order_acquire) > 0; spins++) {
        if (spins < SPINS_BEFORE_YIELDING) cpu_relax();
        else sched_yield();
    }
    atomic_store_explicit(&pool->busy, 0, memory_order_release);
    return 1;
}
