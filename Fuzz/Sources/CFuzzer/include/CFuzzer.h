// libFuzzer's driver entry point (compiler-rt, LLVM >= 11). SwiftPM gives every executable its
// own entry symbol (TARGET_main), so each fuzz target calls the driver itself instead of using
// libFuzzer's main.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

/// Runs libFuzzer on `callback` with the process's arguments.
int cfuzzer_main(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size));
