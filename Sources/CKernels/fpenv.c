#include "CKernels.h"
#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

unsigned int bptt_enable_ftz_daz(void) {
#if defined(__x86_64__) || defined(__i386__)
    unsigned int previous = _mm_getcsr();
    _mm_setcsr(previous | 0x8040u); // FTZ (bit 15) | DAZ (bit 6)
    return previous;
#else
    return 0;
#endif
}

void bptt_restore_fp_control(unsigned int previous) {
#if defined(__x86_64__) || defined(__i386__)
    _mm_setcsr(previous);
#else
    (void)previous;
#endif
}

int bptt_ftz_daz_enabled(void) {
#if defined(__x86_64__) || defined(__i386__)
    return (_mm_getcsr() & 0x8040u) == 0x8040u;
#else
    return 0;
#endif
}
