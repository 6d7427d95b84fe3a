# The flags of the one debug build the test command makes (sourced by scripts/test.sh,
# scripts/memcheck.sh and scripts/browser-test.sh): DWARF 4 debug information, which Debian 12's
# valgrind (3.19) reads (it gives up on the toolchain's default DWARF 5 before running anything).
# Every step passes the same flags, so SwiftPM reuses the build instead of making another.
# shellcheck disable=SC2034  # used by the scripts that source this one
build_flags=(-Xcc -gdwarf-4 -Xswiftc -dwarf-version=4)
