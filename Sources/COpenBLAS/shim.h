#include <cblas.h>

/* Square roots without errno: the libm call Swift's squareRoot() lowers to keeps loops from
   being vectorised; this builtin becomes the plain sqrt instruction (vector form in loops). */
static inline float normlab_sqrtf(float x) { return __builtin_elementwise_sqrt(x); }
static inline double normlab_sqrt(double x) { return __builtin_elementwise_sqrt(x); }
