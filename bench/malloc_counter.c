/* Counts malloc calls of a process, to check that a training step allocates nothing:
     clang -shared -fPIC -O2 -o /tmp/malloc_counter.so bench/malloc_counter.c -ldl
     LD_PRELOAD=/tmp/malloc_counter.so .build/release/normlab bench --workload w2 --steps 100
     LD_PRELOAD=/tmp/malloc_counter.so .build/release/normlab bench --workload w2 --steps 2100
   The difference between the two counts, divided by 2,000, is the allocations per step. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_long calls;
static void *(*real_malloc)(size_t);

void *malloc(size_t size) {
  if (!real_malloc) real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
  atomic_fetch_add(&calls, 1);
  return real_malloc(size);
}

__attribute__((destructor)) static void report(void) {
  fprintf(stderr, "malloc calls: %ld\n", (long)atomic_load(&calls));
}
