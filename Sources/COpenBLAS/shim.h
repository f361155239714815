#ifndef BPTT_COPENBLAS_SHIM_H
#define BPTT_COPENBLAS_SHIM_H
// Debian's libopenblas-dev puts cblas.h in the directory pkg-config names.
#include <cblas.h>
#endif
