#include "CDynamicLibrary.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

void *cdl_open(const char *override, const char *base, int newest, int oldest) {
    const char *named = getenv(override);
    if (named && *named) return dlopen(named, RTLD_NOW | RTLD_LOCAL);
    char name[256];
#if defined(__APPLE__)
    (void)newest;
    (void)oldest;
    const char *prefixes[] = {"", "/opt/homebrew/lib/", "/usr/local/lib/"};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        snprintf(name, sizeof name, "%s%s.dylib", prefixes[i], base);
        void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
        if (h) return h;
    }
    return NULL;
#else
    snprintf(name, sizeof name, "%s.so", base);
    void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    for (int soname = newest; !h && soname >= oldest; soname--) {
        snprintf(name, sizeof name, "%s.so.%d", base, soname);
        h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    }
    return h;
#endif
}
