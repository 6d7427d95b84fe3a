// Opening a system library at run time under the names its packages install, for the C layers
// that load their library on first use (CPROJ, CGDAL).
#ifndef CDYNAMICLIBRARY_H
#define CDYNAMICLIBRARY_H

/// Opens library `base` (e.g. "libproj"): the path in environment variable `override` when it is
/// set; else, on Linux, `base.so` (installed by the -dev package) and then `base.so.N` for N from
/// `newest` down to `oldest` (only the versioned name exists without the -dev package); on macOS
/// `base.dylib` in the loader's path, then under Homebrew's two prefixes. NULL when none opens;
/// `dlerror()` then says why.
void *cdl_open(const char *override, const char *base, int newest, int oldest);

#endif
