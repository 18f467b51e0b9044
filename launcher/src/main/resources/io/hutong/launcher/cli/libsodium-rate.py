# Copyright 2026 The Hutong Authors
# SPDX-License-Identifier: Apache-2.0
"""Measures libsodium's SHA-256 + X25519 per second for `hutong bench psi` (decision BENCH-PSI1).

The JDK 17 the launcher runs on cannot call C without JNI, so Python's ctypes calls libsodium instead.
One operation is what a party does per item and scalar multiplication: crypto_hash_sha256 of 32 bytes,
then crypto_scalarmult_curve25519 with that digest as the point; the product is the next input, so
no call can be skipped or cached. Each ctypes call costs interpreter time that C code would not pay;
with --overhead the same loop is run once more with a cheap libsodium call (sodium_memcmp of 32 bytes)
in place of each of the two, and its time per iteration is reported, so the reader knows how much the
rate understates libsodium.

Output: "key value" lines on stdout, read by io.hutong.launcher.cli.LibsodiumRate. When libsodium
cannot be used the only line is "unavailable <reason>" and the exit status is 3.

usage: python3 libsodium-rate.py SECONDS [--library NAME_OR_PATH] [--start EPOCH] [--overhead]
"""
import argparse
import ctypes
import ctypes.util
import os
import sys
import time

FORMAT = "1"
# tried after find_library, which needs ldconfig or a compiler to answer on Linux
SONAMES = ("libsodium.so.26", "libsodium.so.23", "libsodium.so", "libsodium.dylib")
BATCH = 64


def unavailable(reason):
    print("unavailable " + reason)
    sys.stdout.flush()
    sys.exit(3)


def load(name):
    names = [name] if name else [n for n in [ctypes.util.find_library("sodium")] if n] + list(SONAMES)
    errors = []
    for n in names:
        try:
            return n, ctypes.CDLL(n)
        except OSError as e:
            errors.append(str(e))
    unavailable("libsodium not found (" + ("; ".join(errors) if errors else "no candidates") + ")")


def loop(first, second, seconds):
    """Runs first(); second() in batches until `seconds` of wall time passed; returns (iterations, cpu, wall)."""
    n = 0
    cpu0 = time.process_time()
    wall0 = time.perf_counter()
    end = wall0 + seconds
    while True:
        for _ in range(BATCH):
            first()
            second()
        n += BATCH
        if time.perf_counter() >= end:
            break
    return n, time.process_time() - cpu0, time.perf_counter() - wall0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("seconds", type=float)
    p.add_argument("--library")
    p.add_argument("--start", type=float, help="wall clock (epoch seconds) to begin at, so parallel processes overlap")
    p.add_argument("--overhead", action="store_true")
    a = p.parse_args()

    name, lib = load(a.library)
    try:
        sha = lib.crypto_hash_sha256
        mult = lib.crypto_scalarmult_curve25519
        cmp = lib.sodium_memcmp
        init = lib.sodium_init
        version = lib.sodium_version_string
    except AttributeError as e:
        unavailable(name + " is not libsodium (" + str(e) + ")")
    sha.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulonglong]
    mult.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    cmp.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
    version.restype = ctypes.c_char_p
    # sodium_init picks the fastest X25519 code for this CPU; -1 means it failed, 1 already done
    if init() < 0:
        unavailable(name + ": sodium_init failed")

    key = ctypes.create_string_buffer(os.urandom(32), 32)
    item = ctypes.create_string_buffer(os.urandom(32), 32)
    digest = ctypes.create_string_buffer(32)

    def hash_item():
        sha(digest, item, 32)

    def multiply():
        # the product becomes the next item; the return value (-1 for an all-zero product) cannot
        # happen with random inputs and is not checked, as a PSI would not check it per item either
        mult(item, key, digest)

    def cheap_first():
        cmp(digest, item, 32)

    def cheap_second():
        cmp(item, key, 32)

    # a short run first so the first measured batch does not pay for page faults and lazy binding
    loop(hash_item, multiply, 0.02)
    if a.start is not None:
        wait = a.start - time.time()
        if wait > 0:
            time.sleep(wait)
    ops, cpu, wall = loop(hash_item, multiply, a.seconds)

    print("format " + FORMAT)
    print("library " + name)
    print("version " + version().decode("ascii", "replace"))
    print("ops %d" % ops)
    print("cpu_seconds %.6f" % cpu)
    print("wall_seconds %.6f" % wall)
    if a.overhead:
        n, ocpu, owall = loop(cheap_first, cheap_second, a.seconds / 2)
        print("overhead_ops %d" % n)
        print("overhead_cpu_seconds %.6f" % ocpu)
        print("overhead_wall_seconds %.6f" % owall)


if __name__ == "__main__":
    main()
