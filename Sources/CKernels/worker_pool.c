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

// A waiting thread first spins with the CPU's pause hint, then yields its core between checks (on
// a loaded machine the thread it waits for may need that core), then sleeps.
#define SPINS_BEFORE_YIELDING (1 << 12)
#define SPINS_BEFORE_SLEEP (1 << 15)

struct bptt_pool {
    int workers;
    _Atomic unsigned long generation;
    _Atomic int remaining;
    _Atomic int busy;
    void (*fn)(void *, int);
    void *ctx;
    int count;
    pthread_mutex_t mutex;
    pthread_cond_t wake;
    int sleepers;
};

struct worker_start {
    struct bptt_pool *pool;
    int index;
};

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
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
        if (start.index < pool->count) pool->fn(pool->ctx, start.index);
        atomic_fetch_sub_explicit(&pool->remaining, 1, memory_order_acq_rel);
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
        start->index = w + 1;
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
    pthread_once(&shared_once, create_shared_pool);
    struct bptt_pool *pool = shared_pool;
    if (!pool || count < 1 || count > pool->workers + 1) return 0;
    int idle = 0;
    // One run at a time: a nested or concurrent caller gets 0 and uses another way.
    if (!atomic_compare_exchange_strong_explicit(&pool->busy, &idle, 1, memory_order_acquire, memory_order_relaxed))
        return 0;
    pool->fn = fn;
    pool->ctx = ctx;
    pool->count = count;
    atomic_store_explicit(&pool->remaining, pool->workers, memory_order_relaxed);
    atomic_fetch_add_explicit(&pool->generation, 1, memory_order_release);
    pthread_mutex_lock(&pool->mutex);
    if (pool->sleepers > 0) pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->mutex);
    fn(ctx, 0);
    for (int spins = 0; atomic_load_explicit(&pool->remaining, memory_order_acquire) > 0; spins++) {
        if (spins < SPINS_BEFORE_YIELDING) cpu_relax();
        else sched_yield();
    }
    atomic_store_explicit(&pool->busy, 0, memory_order_release);
    return 1;
}
