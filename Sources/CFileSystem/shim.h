/* Linux file-system calls that glibc declares only under _GNU_SOURCE, which Swift's Glibc
   module is not built with. glibc exports renameat2 since 2.28. */
int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);

/* Swaps two paths in one atomic step (RENAME_EXCHANGE): readers never see the report missing. */
static inline int normlab_exchange(const char *a, const char *b) {
  return renameat2(-100 /* AT_FDCWD */, a, -100, b, 1u << 1 /* RENAME_EXCHANGE */);
}
